// The shapes the lifecycle room's calls take and return, as zod schemas the contract imports (kept here so
// contract.ts stays a list of calls). Everything a user sees about a product's retirement is one of these.
import { z } from 'zod';

const ProductRef = z.string().min(1).max(128);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD, e.g. 2026-12-31');

/** Who consumes a product, as lineage (or the descriptor, or ACLs) found them. */
export const ConsumerKind = z.enum(['group', 'ksql-query', 'connector', 'declared', 'principal']);
export type ConsumerKind = z.infer<typeof ConsumerKind>;
export const LifecycleConsumer = z.object({
  /** Stable key "kind:name", used for delivery state and migration tracking. */
  key: z.string(),
  kind: ConsumerKind,
  name: z.string(),
  /** Which output-port topics it reads. */
  topics: z.array(z.string()),
  /** How it was found: consumer-offsets, ksqldb, connect, declared, acl. */
  evidence: z.array(z.string()),
  /** People to notify: e-mail addresses from products it feeds, approved access requests, or the contacts directory. */
  contacts: z.array(z.object({ email: z.string(), team: z.string(), source: z.string() })),
});
export type LifecycleConsumer = z.infer<typeof LifecycleConsumer>;

export const DeliveryAttempt = z.object({ attempt: z.number().int(), at: z.string(), outcome: z.string(), status: z.number().int().optional(), detail: z.string(), durationMs: z.number() });
export const DeliveryRow = z.object({
  id: z.number().int(),
  productId: z.string(),
  /** deprecation, reminder-14d, reminder-1d … */
  notice: z.string(),
  consumerKey: z.string(),
  channel: z.enum(['email', 'webhook', 'event']),
  target: z.string(),
  state: z.enum(['pending', 'delivered', 'failed', 'skipped']),
  detail: z.string(),
  attempts: z.array(DeliveryAttempt),
  updatedAt: z.string(),
});
export type DeliveryRow = z.infer<typeof DeliveryRow>;

export const AclChange = z.object({ action: z.enum(['kept', 'added', 'removed', 'denied', 'left-open']), principal: z.string(), resource: z.string(), detail: z.string(), command: z.string() });
export const AclRestriction = z.object({
  state: z.enum(['restricted', 'no-authorizer', 'partial', 'failed']),
  detail: z.string(),
  kept: z.array(z.string()),
  refused: z.array(z.string()),
  changes: z.array(AclChange),
});
export type AclRestriction = z.infer<typeof AclRestriction>;

export const NotificationSettings = z.object({
  smtp: z
    .object({
      host: z.string().trim().min(1, 'name the SMTP host').max(253),
      port: z.number().int().min(1).max(65_535),
      security: z.enum(['none', 'starttls', 'tls']).default('starttls'),
      user: z.string().max(320).default(''),
      from: z.email('the sender is an e-mail address'),
    })
    .nullable()
    .default(null),
  /** Whether an SMTP password is stored in the vault (it is never returned). */
  smtpPasswordSet: z.boolean().default(false),
  webhook: z.object({ url: z.url('the webhook is an http(s) URL').max(2000), maxAttempts: z.number().int().min(1).max(10).default(5) }).nullable().default(null),
  webhookSecretSet: z.boolean().default(false),
  /** Consumer name pattern → who to tell (a '*' matches any run of characters): the contacts directory. */
  contacts: z.array(z.object({ pattern: z.string().trim().min(1).max(500), email: z.email('a contact is an e-mail address'), team: z.string().max(200).default('') })).max(1000).default([]),
  /** Days before the sunset at which reminders go out. */
  reminderDays: z.array(z.number().int().min(0).max(365)).max(10).default([14, 7, 1]),
  /** Who "I" am, for the inbox: my e-mail, my teams, the applications/principals I run. */
  me: z.object({ email: z.string().max(320).default(''), teams: z.array(z.string().max(200)).max(50).default([]), apps: z.array(z.string().max(500)).max(200).default([]) }).default({ email: '', teams: [], apps: [] }),
});
export type NotificationSettings = z.output<typeof NotificationSettings>;

export const DeprecateInput = {
  productId: ProductRef,
  baseRevision: z.number().int().min(1),
  sunset: IsoDate,
  replacement: z.string().max(128).default(''),
  reason: z.string().trim().min(1, 'say why the product is deprecated').max(5000),
  /** Place ACLs so only today's consumers keep READ (where the cluster has an authorizer). */
  restrictAccess: z.boolean().default(true),
  notify: z.boolean().default(true),
};

export const MigrationRow = z.object({
  consumer: LifecycleConsumer,
  status: z.enum(['migrated', 'still-on-old', 'silent']),
  /** When its committed offset on the old topics last moved (between two snapshots), if ever seen. */
  lastCommitMovedAt: z.string().nullable(),
  lagOnOld: z.number().nullable(),
  readsReplacement: z.boolean(),
  /** Still reads the old topics in the newest snapshot (a consumer that left them no longer holds up retirement). */
  onOld: z.boolean(),
  detail: z.string(),
});
export const Burndown = z.array(z.object({ snapshotId: z.number().int(), takenAt: z.string(), stillOnOld: z.number().int(), migrated: z.number().int(), silent: z.number().int() }));
export const MigrationReport = z.object({
  productId: z.string(),
  replacement: z.string(),
  deprecatedAt: z.string().nullable(),
  sunset: z.string().nullable(),
  snapshot: z.object({ id: z.number().int(), takenAt: z.string() }).nullable(),
  rows: z.array(MigrationRow),
  counts: z.object({ migrated: z.number().int(), stillOnOld: z.number().int(), silent: z.number().int() }),
  burndown: Burndown,
});
export type MigrationReport = z.infer<typeof MigrationReport>;

export const LifecycleAction = z.object({ step: z.string(), target: z.string(), outcome: z.enum(['done', 'skipped', 'failed']), detail: z.string(), command: z.string().default('') });
export type LifecycleAction = z.infer<typeof LifecycleAction>;

export const SignoffRow = z.object({
  id: z.string(),
  productId: z.string(),
  subject: z.string(),
  format: z.string(),
  proposedSchema: z.string(),
  verdict: z.string(),
  changes: z.array(z.object({ path: z.string(), kind: z.string(), classification: z.string(), detail: z.string() })),
  requestedBy: z.string(),
  requestedAt: z.string(),
  reason: z.string(),
  /** One per owner of a downstream consumer. */
  approvers: z.array(z.object({ email: z.string(), team: z.string(), decision: z.enum(['pending', 'approved', 'rejected']), comment: z.string(), decidedAt: z.string().nullable() })),
  state: z.enum(['open', 'approved', 'rejected', 'overridden', 'published']),
});
export type SignoffRow = z.infer<typeof SignoffRow>;

export const ForgetTarget = z.object({
  productId: z.string(),
  topic: z.string(),
  compacted: z.boolean(),
  /** Why a tombstone does or does not remove the key here. */
  detail: z.string(),
  retention: z.string(),
  depth: z.number().int(),
});

export const InboxItem = z.object({
  eventId: z.string(),
  productId: z.string(),
  productName: z.string(),
  type: z.string(),
  at: z.string(),
  actor: z.string(),
  reason: z.string().optional(),
  /** Why it is in my inbox: "you own it", "you consume it (group billing-app)". */
  why: z.string(),
  read: z.boolean(),
});
