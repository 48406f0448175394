// The inbox: lifecycle events about products I own (my e-mail or one of my teams owns them) or consume (one
// of my applications — a consumer group or principal — reads them, declares itself a consumer, or was
// granted access), newest first, with what is unread. "Who I am" is set in the lifecycle settings.
import type { Db } from '../cache/open-cache.ts';
import type { ProductDescriptor } from '../products/descriptor.ts';
import type { ProductEvent } from '../products/events.ts';
import type { AccessRequestRow } from '../products/product-store.ts';
import type { NotificationSettings } from './values.ts';

/** Event types that are lifecycle news rather than bookkeeping (notifications and access decisions are bookkeeping). */
export const INBOX_TYPES = ['published', 'updated', 'schema-changed', 'deprecated', 'retired', 'unpublished', 'access-requested', 'signoff-requested', 'signoff-decided', 'signoff-overridden', 'new-version', 'access-restricted'];

export interface InboxSources {
  db: Db;
  profileId: string;
  me: NotificationSettings['me'];
  products: readonly ProductDescriptor[];
  events: readonly ProductEvent[];
  accessRequests: readonly AccessRequestRow[];
  snapshotId: number | null;
}

/** Why each product concerns me; products that do not are absent. */
export function myProducts(src: Pick<InboxSources, 'db' | 'me' | 'products' | 'accessRequests' | 'snapshotId'>): Map<string, string> {
  const why = new Map<string, string>();
  const teams = new Set(src.me.teams.map((t) => t.toLowerCase()));
  const apps = new Set(src.me.apps);
  const email = src.me.email.toLowerCase();
  const groupsOn = src.db.prepare('SELECT DISTINCT group_id FROM group_offsets WHERE snapshot_id = ? AND topic IN (SELECT value FROM json_each(?))').pluck();
  for (const p of src.products) {
    if ((email && p.owner.email.toLowerCase() === email) || teams.has(p.owner.team.toLowerCase())) {
      why.set(p.id, `you own it (${p.owner.team})`);
      continue;
    }
    const declared = p.consumers.find((c) => apps.has(c));
    if (declared) {
      why.set(p.id, `you consume it (${declared}, declared)`);
      continue;
    }
    const granted = src.accessRequests.find((r) => r.productId === p.id && r.state === 'approved' && (apps.has(r.principal) || apps.has(r.principal.replace(/^User:/, ''))));
    if (granted) {
      why.set(p.id, `you consume it (${granted.principal}, access granted)`);
      continue;
    }
    if (src.snapshotId !== null && apps.size) {
      const group = (groupsOn.all(src.snapshotId, JSON.stringify(p.outputPorts.map((o) => o.topic))) as string[]).find((g) => apps.has(g));
      if (group) why.set(p.id, `you consume it (group ${group})`);
    }
  }
  return why;
}

export function inboxItems(src: InboxSources, unreadOnly: boolean, limit: number) {
  const mine = myProducts(src);
  const names = new Map(src.products.map((p) => [p.id, p.name]));
  const read = new Set(src.db.prepare('SELECT event_id FROM inbox_reads WHERE profile_id = ?').pluck().all(src.profileId) as string[]);
  const all = src.events
    .filter((e) => mine.has(e.productId) && INBOX_TYPES.includes(e.type))
    .map((e) => ({ eventId: e.id, productId: e.productId, productName: names.get(e.productId) ?? e.productId, type: e.type, at: e.at, actor: e.actor, ...(e.reason ? { reason: e.reason } : {}), why: mine.get(e.productId)!, read: read.has(e.id) }))
    .sort((a, b) => b.at.localeCompare(a.at));
  const unread = all.filter((i) => !i.read).length;
  return { items: (unreadOnly ? all.filter((i) => !i.read) : all).slice(0, limit), unread };
}

export function markRead(db: Db, profileId: string, eventIds: readonly string[]): void {
  const insert = db.prepare('INSERT OR IGNORE INTO inbox_reads (profile_id, event_id) VALUES (?, ?)');
  db.transaction(() => {
    for (const id of eventIds) insert.run(profileId, id);
  })();
}
