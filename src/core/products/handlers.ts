// The products room: descriptors folded from the mesh registry topics, publish/preview/validate, edits with
// optimistic concurrency, access requests and the local audit log.
//
// A profile's registry goes live on its first products/access call: a RegistryLink folds both topics from
// offset 0 and keeps folding until the engine closes. Reads answer from the cache (offline too, saying so);
// writes first catch the fold up to the end of the log, so the revision check sees every earlier write.
import os from 'node:os';
import { httpEndpoint, kafkaConnection } from '../cluster/connection.ts';
import { createKafka, explainKafkaError } from '../cluster/kafka-client.ts';
import { createSchemaRegistryClient } from '../cluster/schema-registry.ts';
import type { EngineContext, RoomHandlers } from '../engine-context.ts';
import { TributaryError } from '../errors.ts';
import { loadRules } from '../governance/policy-rules.ts';
import { decideAccess, requestAccess } from './access.ts';
import { AuditLog } from './audit.ts';
import type { ProductDescriptor } from './descriptor.ts';
import { DEFAULT_REGISTRY_TOPICS, ProductFold } from './fold.ts';
import { exportYaml, importYaml } from './odps-yaml.ts';
import { ProductStore } from './product-store.ts';
import { conflictIfStale, planWrite, unpublishProduct, writeProduct, type ProductEnv, type PublishHooks } from './publish.ts';
import { RegistryLink, type LinkState } from './registry-topics.ts';
import { streamStatus } from './stream-status.ts';

type Calls =
  | 'products.list'
  | 'products.get'
  | 'products.validate'
  | 'products.preview'
  | 'products.publish'
  | 'products.update'
  | 'products.unpublish'
  | 'products.importYaml'
  | 'products.exportYaml'
  | 'products.events'
  | 'products.warnings'
  | 'products.streamStatus'
  | 'access.request'
  | 'access.decide'
  | 'access.list'
  | 'audit.list';

export function defaultActor(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return `someone@${os.hostname()}`;
  }
}

/** The products room's services, also used directly by tests that need the publish hooks. */
export function createProductService({ db, profiles, vault, onClose, options }: Pick<EngineContext, 'db' | 'profiles' | 'vault' | 'onClose'> & Partial<Pick<EngineContext, 'options'>>) {
  const store = new ProductStore(db);
  const audit = new AuditLog(db);
  const topics = DEFAULT_REGISTRY_TOPICS;
  const links = new Map<string, RegistryLink>();
  const starting = new Map<string, Promise<LinkState>>();
  let closed = false;
  onClose(() => {
    closed = true;
    for (const link of links.values()) void link.stop();
    links.clear();
  });

  /** Makes the profile's registry live (or reports why not); never throws for an unreachable cluster. */
  async function live(profileId: string): Promise<LinkState> {
    const profile = profiles.get(profileId);
    if (closed) return { state: 'idle', detail: 'the engine is closing' };
    const pending = starting.get(profileId);
    if (pending) return pending;
    const connection = kafkaConnection(profile, vault);
    let link = links.get(profileId);
    if (link && link.bootstrap !== connection.bootstrap) {
      await link.stop();
      link = undefined;
    }
    if (!link) {
      link = new RegistryLink(createKafka(connection, 'tributary-registry'), connection, new ProductFold(db, profileId, topics));
      links.set(profileId, link);
    }
    if (link.running) return link.status;
    const started = link.start().finally(() => starting.delete(profileId));
    starting.set(profileId, started);
    return started;
  }

  function registryState(profileId: string, state: LinkState) {
    return { ...state, productsTopic: topics.products, eventsTopic: topics.events, lastFoldedAt: store.lastFoldedAt(profileId) };
  }

  /** Connects the clients a cluster-changing call needs, runs it, and always disconnects. */
  async function withEnv<T>(profileId: string, actor: string | undefined, work: (env: ProductEnv) => Promise<T>): Promise<T> {
    const profile = profiles.get(profileId);
    const connection = kafkaConnection(profile, vault);
    const kafka = createKafka(connection, 'tributary-products');
    const admin = kafka.admin();
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    const registryEndpoint = profile.registryUrl ? httpEndpoint(profile, vault, 'registry') : null;
    try {
      await admin.connect();
      await producer.connect();
      const env: ProductEnv = {
        profileId,
        bootstrap: connection.bootstrap,
        actor: actor?.trim() || defaultActor(),
        admin,
        producer,
        registry: registryEndpoint ? createSchemaRegistryClient({ url: registryEndpoint.url, ...(registryEndpoint.auth ? { auth: registryEndpoint.auth } : {}) }) : null,
        audit,
        topics,
        // Governance rules from <dataDir>/policies.json block publish on error-level violations.
        policy: options ? { profileName: profile.name, rules: () => loadRules(options.dataDir).rules } : null,
      };
      return await work(env);
    } catch (error) {
      throw explainKafkaError(error, connection);
    } finally {
      await producer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Brings the fold up to the end of the log: before a read-modify-write, and after a write so the next read sees it. */
  async function caughtUp(env: ProductEnv): Promise<void> {
    await live(env.profileId);
    await links.get(env.profileId)?.catchUp(env.admin);
  }

  return { store, audit, topics, live, registryState, withEnv, caughtUp, links };
}

export type ProductService = ReturnType<typeof createProductService>;

const services = new WeakMap<EngineContext['db'], ProductService>();

/** The engine's one product service (registry links, stores), shared by the products and lifecycle rooms. */
export function productService(ctx: EngineContext): ProductService {
  let service = services.get(ctx.db);
  if (!service) {
    service = createProductService(ctx);
    services.set(ctx.db, service);
  }
  return service;
}

/** Publish with hooks between steps (tests stop the broker there). */
export async function publishWithHooks(service: ProductService, input: Parameters<typeof writeProduct>[1], provision: Parameters<typeof writeProduct>[2], profileId: string, hooks: PublishHooks, actor?: string) {
  return service.withEnv(profileId, actor, async (env) => {
    await service.caughtUp(env);
    if (service.store.find(profileId, input.id)) throw new TributaryError('Conflict', `Product "${input.id}" is already in the mesh registry; edit it instead`);
    return writeProduct(env, input, provision, null, { hooks });
  });
}

/** The folded product when it blocks a publish (a draft does not: publishing it is its next step). */
const publishedAlready = (current: ProductDescriptor | null) => (current && current.status !== 'draft' ? current : null);

export function productHandlers(ctx: EngineContext): RoomHandlers<Calls> {
  const service = productService(ctx);
  const { store, audit, live, registryState, withEnv, caughtUp, links } = service;

  return {
    'products.list': async ({ profileId, domain, tier, status, q }) => {
      const state = await live(profileId);
      const products = store.summaries(profileId, { domain, tier, status, q });
      return { products, registry: registryState(profileId, state), warningCount: store.warningCount(profileId) };
    },
    'products.warnings': async ({ profileId, limit }) => {
      await live(profileId);
      return { warnings: store.warnings(profileId, undefined, limit), total: store.warningCount(profileId) };
    },
    'products.get': async ({ profileId, productId }) => {
      const state = await live(profileId);
      let descriptor = store.find(profileId, productId);
      if (!descriptor) {
        // Not folded yet, or gone: read the registry to its end once before saying so, and say how it stands.
        await links.get(profileId)?.catchUpAlone().catch(() => undefined);
        descriptor = store.find(profileId, productId);
        if (!descriptor) {
          const now = links.get(profileId)?.status ?? state;
          throw new TributaryError('NotFound', `Product "${productId}" is not in the mesh registry of this cluster — it was never published, or was unpublished (registry ${now.state}: ${now.detail})`);
        }
      }
      return { descriptor, events: store.events(profileId, { productId, limit: 50 }), warnings: store.warnings(profileId, productId), registry: registryState(profileId, state) };
    },
    'products.validate': async ({ profileId, product, provision, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const current = publishedAlready(store.find(profileId, product.id));
        const plan = await planWrite(env, product, provision, null, new Date().toISOString());
        return { problems: current ? [{ path: 'id', message: `product "${product.id}" is already published (revision ${current.revision}); edit it instead` }, ...plan.problems] : plan.problems };
      }),
    'products.preview': async ({ profileId, product, provision, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const current = publishedAlready(store.find(profileId, product.id));
        const plan = await planWrite(env, product, provision, null, new Date().toISOString());
        return current ? { ...plan, problems: [{ path: 'id', message: `product "${product.id}" is already published (revision ${current.revision}); edit it instead` }, ...plan.problems] } : plan;
      }),
    'products.publish': async ({ profileId, product, provision, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const current = store.find(profileId, product.id);
        if (current && current.status !== 'draft') throw new TributaryError('Conflict', `Product "${product.id}" is already in the mesh registry (revision ${current.revision}, by ${current.updatedBy} at ${current.updatedAt}); edit it instead`);
        // Publishing a saved draft moves it draft → published; anything else is a new product.
        const result = await writeProduct(env, product, provision, current, current ? { publishDraft: true, bump: 'none' } : {});
        await caughtUp(env);
        return result;
      }),
    'products.update': async ({ profileId, product, provision, actor, baseRevision, bump, reason }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const current = conflictIfStale(store.find(profileId, product.id), product.id, baseRevision);
        if (current.status === 'retired') throw new TributaryError('Conflict', `"${current.name}" is retired; its descriptor is kept for history and cannot be edited`);
        const result = await writeProduct(env, product, provision, current, { bump, ...(reason ? { reason } : {}) });
        await caughtUp(env);
        return result;
      }),
    'products.unpublish': async ({ profileId, productId, baseRevision, reason, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const current = conflictIfStale(store.find(profileId, productId), productId, baseRevision);
        const actions = await unpublishProduct(env, current, reason);
        await caughtUp(env);
        return { productId, actions };
      }),
    'products.importYaml': async ({ yaml }) => {
      const result = importYaml(yaml);
      return result.ok ? { product: result.value, problems: [] } : { product: null, problems: result.problems };
    },
    'products.exportYaml': async ({ profileId, productId }) => {
      await live(profileId);
      const d = store.get(profileId, productId);
      return { yaml: exportYaml(d), fileName: `${d.id}-${d.version}.odps.yaml` };
    },
    'products.events': async ({ profileId, productId, types, limit }) => {
      await live(profileId);
      return { events: store.events(profileId, { productId, types, limit }) };
    },
    'products.streamStatus': async ({ profileId, productId }) => {
      await live(profileId);
      const product = store.get(profileId, productId);
      return streamStatus(ctx.snapshots, profileId, kafkaConnection(ctx.profiles.get(profileId), ctx.vault), product);
    },
    'access.request': async ({ profileId, productId, principal, purpose, expectedThroughput, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const requestId = await requestAccess(env, store.get(profileId, productId), { principal, purpose, expectedThroughput });
        await caughtUp(env);
        const [request] = store.accessRequests(profileId, { id: requestId });
        if (!request) throw new TributaryError('Internal', `The access request ${requestId} was written but has not been read back yet; reload the list`);
        return request;
      }),
    'access.decide': async ({ profileId, requestId, decision, reason, groupPrefix, actor }) =>
      withEnv(profileId, actor, async (env) => {
        await caughtUp(env);
        const [request] = store.accessRequests(profileId, { id: requestId });
        if (!request) throw new TributaryError('NotFound', `Access request ${requestId} is not in the mesh registry of this cluster`);
        const acls = await decideAccess(env, store.find(profileId, request.productId), request, decision, reason, groupPrefix);
        await caughtUp(env);
        return { request: store.accessRequests(profileId, { id: requestId })[0]!, acls };
      }),
    'access.list': async ({ profileId, productId, state }) => {
      await live(profileId);
      return { requests: store.accessRequests(profileId, { productId, state }) };
    },
    'audit.list': async ({ profileId, q, limit }) => ({ entries: audit.list({ profileId, q, limit }) }),
  };
}
