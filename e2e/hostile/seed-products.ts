// Publishes data products whose descriptor text is hostile (name, domain, description, tags, owner team, the
// deprecation reason and the publishing actor) through the engine's Api, as a product owner would.
import type { Api } from '../../src/core/contract.ts';
import { PAYLOADS, type Payload } from './payloads.ts';
import type { Placement } from './seed-cluster.ts';

export interface SeededProduct {
  id: string;
  name: string;
  /** The payload whose text is the product's name. */
  named: Payload;
  /** The first payload of its description. */
  described: Payload;
}

const short = (max: number) => PAYLOADS.filter((p) => p.text.trim() === p.text && p.text.length <= max && !p.text.includes('\u0000'));

export async function publishHostileProducts(api: Api, profileId: string, run: string, topic: string): Promise<{ products: SeededProduct[]; placements: Placement[] }> {
  const placements: Placement[] = [];
  const names = short(150);
  const tags = short(100);
  const products: SeededProduct[] = [];
  for (let i = 0; i < 3; i++) {
    const named = names[i * 7]!;
    const team = names[i * 7 + 1]!;
    const domain = names[i * 7 + 2]!;
    const actor = names[i * 7 + 3]!;
    const tagged = tags.slice(i * 5 + 20, i * 5 + 25);
    // The whole list once, as one description: every payload sits in some product's page.
    const described = i === 0 ? PAYLOADS : PAYLOADS.slice(i * 10, i * 10 + 10);
    const id = `pwn-${run}.product-${i}`;
    const name = `${named.marker} ${named.text}`;
    await api['products.publish']({
      profileId,
      actor: `${actor.marker} ${actor.text}`,
      product: {
        id,
        name,
        version: '1.0.0',
        domain: `${domain.marker} ${domain.text}`.slice(0, 100),
        owner: { team: `${team.marker} ${team.text}`, email: `owner-${i}@attacker.invalid` },
        description: described.map((p) => `${p.marker}: ${p.text}`).join('\n\n'),
        tags: tagged.map((p) => p.text),
        tier: 'bronze',
        outputPorts: [{ topic, key: `${named.marker} ${named.text}`.slice(0, 500), schemaSubject: '', format: 'JSON' }],
        ...(i === 2 ? { deprecation: { sunset: '2030-01-01', replacement: '', reason: PAYLOADS[5]!.text } } : {}),
      },
      provision: [],
    });
    products.push({ id, name, named, described: described[0]! });
    placements.push(
      { marker: named.marker, place: 'product name and port key' },
      { marker: team.marker, place: 'product owner team' },
      { marker: domain.marker, place: 'product domain' },
      { marker: actor.marker, place: 'publishing actor (audit)' },
      ...tagged.map((p) => ({ marker: p.marker, place: 'product tag' })),
      ...described.map((p) => ({ marker: p.marker, place: 'product description' })),
    );
    if (i === 2) placements.push({ marker: PAYLOADS[5]!.marker, place: 'product deprecation reason' });
  }
  return { products, placements };
}
