// Publishes the demo mesh's topics (resources/demo-mesh/mesh.json) as data products through the ordinary
// publish path, so the demo shows a populated registry. Idempotent: products already in the registry are
// left alone. Topics the seed has not created yet are created here with the spec's partitions and configs.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCache } from '../cache/open-cache.ts';
import { ProfileStore } from '../cluster/profiles.ts';
import { Vault } from '../cluster/vault.ts';
import { ProfileInput } from '../contract.ts';
import type { HistoryMode, ProductInput } from './descriptor.ts';
import { createProductService, publishWithHooks } from './handlers.ts';
import type { PortProvision } from './publish.ts';

const MESH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'resources', 'demo-mesh');

interface SpecTopic {
  name: string;
  domain: string;
  partitions: number;
  configs: Record<string, string>;
  key: string;
  description: string;
  producer: string;
  value: { format: 'AVRO' | 'JSON' | 'PROTOBUF'; schema: string | null; references?: Array<{ name: string; subject: string; version: number }> };
}
interface Spec {
  domains: Array<{ id: string; name: string; owner: { team: string; contact: string } }>;
  topics: SpecTopic[];
  consumerGroups: Array<{ id: string; consumes: string[] }>;
}

export function historyModeOf(configs: Record<string, string>): HistoryMode {
  if ((configs['cleanup.policy'] ?? 'delete').includes('compact')) return 'compacted';
  const retention = configs['retention.ms'] ?? '604800000';
  if (retention === '-1') return 'all';
  return { lastNDays: Math.max(1, Math.floor(Number(retention) / 86_400_000)) };
}

/** The product each demo topic becomes. */
export function demoProducts(spec: Spec, withSchemas: boolean): Array<{ product: ProductInput; provision: PortProvision; schemaText: string | null }> {
  return spec.topics.map((t) => {
    const domain = spec.domains.find((d) => d.id === t.domain)!;
    const entity = t.name.split('.').slice(1, -1).join('.') || t.name;
    const schemaText = withSchemas && t.value.schema ? readFileSync(join(MESH_DIR, t.value.schema), 'utf8') : null;
    const historyMode = historyModeOf(t.configs);
    const product: ProductInput = {
      id: t.name.replace(/\.v\d+$/, ''),
      name: `${domain.name} ${entity.replace(/-/g, ' ')}`,
      version: '1.0.0',
      domain: t.domain,
      owner: { team: domain.owner.team, email: domain.owner.contact },
      description: t.description,
      tags: [t.domain, entity],
      tier: t.partitions >= 6 ? 'gold' : historyMode === 'compacted' ? 'silver' : 'bronze',
      outputPorts: [{ topic: t.name, key: t.key, schemaSubject: schemaText ? `${t.name}-value` : '', format: t.value.format }],
      historyMode,
      producers: [t.producer],
      consumers: spec.consumerGroups.filter((g) => g.consumes.includes(t.name)).map((g) => g.id),
    };
    return { product, provision: { topic: t.name }, schemaText };
  });
}

export interface DemoProductsResult {
  published: string[];
  alreadyThere: string[];
  failed: Array<{ id: string; reason: string }>;
}

export async function seedDemoProducts(bootstrap: string, registryUrl: string, log: (line: string) => void = () => {}): Promise<DemoProductsResult> {
  const spec = JSON.parse(readFileSync(join(MESH_DIR, 'mesh.json'), 'utf8')) as Spec;
  const { db } = openCache(':memory:');
  const closers: Array<() => void> = [];
  const profiles = new ProfileStore(db);
  const profile = profiles.save(ProfileInput.parse({ name: 'demo', bootstrap, registryUrl }));
  const service = createProductService({ db, profiles, vault: new Vault(db, {}), onClose: (stop) => void closers.push(stop) });
  const result: DemoProductsResult = { published: [], alreadyThere: [], failed: [] };
  try {
    await service.live(profile.id);
    const existing = await service.withEnv(profile.id, 'tributary-demo', async (env) => new Set(await env.admin.listTopics()));
    const subjects = registryUrl ? new Set(await service.withEnv(profile.id, 'tributary-demo', async (env) => env.registry!.listSubjects())) : new Set<string>();
    for (const { product, provision, schemaText } of demoProducts(spec, Boolean(registryUrl))) {
      if (service.store.find(profile.id, product.id)) {
        result.alreadyThere.push(product.id);
        continue;
      }
      const t = spec.topics.find((x) => x.name === provision.topic)!;
      const port = product.outputPorts[0]!;
      const full: PortProvision = {
        topic: provision.topic,
        ...(existing.has(t.name) ? {} : { createTopic: { partitions: t.partitions, configs: t.configs } }),
        ...(schemaText && port.schemaSubject && !subjects.has(port.schemaSubject) ? { schema: { schema: schemaText, references: t.value.references ?? [] } } : {}),
      };
      try {
        await publishWithHooks(service, product, [full], profile.id, {}, 'tributary-demo');
        result.published.push(product.id);
        log(`published ${product.id} (${t.name})`);
      } catch (error) {
        const reason = (error as Error).message;
        result.failed.push({ id: product.id, reason });
        log(`could not publish ${product.id}: ${reason}`);
      }
    }
    return result;
  } finally {
    await Promise.all([...service.links.values()].map((link) => link.stop()));
    for (const stop of closers) stop();
    db.close();
  }
}
