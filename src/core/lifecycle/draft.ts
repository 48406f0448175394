// Drafts: a product written to the registry with status "draft" so the mesh can see it coming, without a
// topic or schema on the cluster yet. Publishing it later (products.publish) checks and creates everything
// and moves it draft → published.
import { TributaryError } from '../errors.ts';
import { validateProductInput, type ProductDescriptor, type ProductInput } from '../products/descriptor.ts';
import { newEvent } from '../products/events.ts';
import { type ProductEnv } from '../products/publish.ts';
import { ensureRegistryTopics } from '../products/registry-topics.ts';
import { writeRevision } from './write-revision.ts';

export async function saveDraft(env: ProductEnv, input: ProductInput, current: ProductDescriptor | null): Promise<ProductDescriptor> {
  const checked = validateProductInput(input);
  if (!checked.ok) throw new TributaryError('Invalid', `The draft cannot be saved: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { fields: checked.problems });
  await ensureRegistryTopics(env.admin, env.topics, env.audit, { profileId: env.profileId, actor: env.actor, bootstrap: env.bootstrap });
  const now = new Date().toISOString();
  const base: ProductDescriptor = current ?? { ...checked.value, status: 'draft', createdAt: now, updatedAt: now, updatedBy: env.actor, revision: 0 };
  return writeRevision(env, base, { ...checked.value, status: 'draft' }, current ? 'update-draft' : 'save-draft', [newEvent(current ? 'updated' : 'created', checked.value.id, env.actor, { version: checked.value.version, draft: true })]);
}
