// The local record of every notification: one row per (notice, consumer, channel, target) with its state and
// attempts. A retry reads it and sends only what is not delivered, so pressing "retry" never mails twice.
import type { Db } from '../cache/open-cache.ts';
import type { DeliveryRow } from './values.ts';

export type DeliveryKey = Pick<DeliveryRow, 'productId' | 'notice' | 'consumerKey' | 'channel' | 'target'>;

interface Row {
  id: number;
  product_id: string;
  notice: string;
  consumer_key: string;
  channel: DeliveryRow['channel'];
  target: string;
  state: DeliveryRow['state'];
  detail: string;
  attempts: string;
  updated_at: string;
}

const toDelivery = (r: Row): DeliveryRow => ({
  id: r.id,
  productId: r.product_id,
  notice: r.notice,
  consumerKey: r.consumer_key,
  channel: r.channel,
  target: r.target,
  state: r.state,
  detail: r.detail,
  attempts: JSON.parse(r.attempts) as DeliveryRow['attempts'],
  updatedAt: r.updated_at,
});

export class DeliveryLog {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  find(profileId: string, k: DeliveryKey): DeliveryRow | null {
    const r = this.db
      .prepare('SELECT * FROM lifecycle_deliveries WHERE profile_id = ? AND product_id = ? AND notice = ? AND consumer_key = ? AND channel = ? AND target = ?')
      .get(profileId, k.productId, k.notice, k.consumerKey, k.channel, k.target) as Row | undefined;
    return r ? toDelivery(r) : null;
  }

  /** Records the outcome of a delivery, appending its attempts to the earlier ones. */
  record(profileId: string, k: DeliveryKey, state: DeliveryRow['state'], detail: string, attempts: DeliveryRow['attempts'] = []): DeliveryRow {
    const before = this.find(profileId, k);
    const all = [...(before?.attempts ?? []), ...attempts].slice(-50);
    this.db
      .prepare(
        `INSERT INTO lifecycle_deliveries (profile_id, product_id, notice, consumer_key, channel, target, state, detail, attempts, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(profile_id, product_id, notice, consumer_key, channel, target) DO UPDATE SET state = excluded.state, detail = excluded.detail, attempts = excluded.attempts, updated_at = excluded.updated_at`,
      )
      .run(profileId, k.productId, k.notice, k.consumerKey, k.channel, k.target, state, detail, JSON.stringify(all), new Date().toISOString());
    return this.find(profileId, k)!;
  }

  list(profileId: string, productId: string, notice?: string): DeliveryRow[] {
    const rows = this.db
      .prepare('SELECT * FROM lifecycle_deliveries WHERE profile_id = ? AND product_id = ? AND (? IS NULL OR notice = ?) ORDER BY notice, consumer_key, channel, target')
      .all(profileId, productId, notice ?? null, notice ?? null) as Row[];
    return rows.map(toDelivery);
  }

  notices(profileId: string, productId: string): string[] {
    return this.db.prepare('SELECT DISTINCT notice FROM lifecycle_deliveries WHERE profile_id = ? AND product_id = ?').pluck().all(profileId, productId) as string[];
  }
}
