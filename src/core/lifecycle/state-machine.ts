// The product lifecycle: draft → published → deprecated → retired. A published product changes in place for
// compatible edits (published → published) and becomes a new product version for breaking ones. Every
// refusal names the rule, so the UI can show it beside the disabled button.
import { TributaryError } from '../errors.ts';
import type { ProductStatus } from '../products/descriptor.ts';

const allowed: Record<ProductStatus, readonly ProductStatus[]> = {
  draft: ['published'],
  published: ['published', 'deprecated'],
  deprecated: ['retired'],
  retired: [],
};

const why: Partial<Record<`${ProductStatus}>${ProductStatus}`, string>> = {
  'draft>deprecated': 'a draft was never published, so it has no consumers to deprecate for — delete the draft instead',
  'draft>retired': 'a draft was never published; delete it instead of retiring it',
  'published>retired': 'deprecate it first: consumers must be told and given a sunset date before the product goes away',
  'published>draft': 'a published product cannot go back to draft; publish a new version instead',
  'deprecated>published': 'a deprecated product is not reinstated; publish a new product (or version) instead',
  'deprecated>deprecated': 'it is already deprecated',
  'deprecated>draft': 'a deprecated product cannot go back to draft',
  'retired>published': 'a retired product is final; its descriptor stays for history — publish a new product',
  'retired>deprecated': 'it is already retired',
  'retired>retired': 'it is already retired',
  'retired>draft': 'a retired product is final',
};

export function canTransition(from: ProductStatus, to: ProductStatus): { ok: true } | { ok: false; reason: string } {
  if (allowed[from].includes(to)) return { ok: true };
  return { ok: false, reason: why[`${from}>${to}`] ?? `a ${from} product cannot become ${to}` };
}

export function assertTransition(productName: string, from: ProductStatus, to: ProductStatus): void {
  const check = canTransition(from, to);
  if (!check.ok) throw new TributaryError('Conflict', `"${productName}" is ${from} and cannot become ${to}: ${check.reason}`);
}
