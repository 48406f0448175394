// Believable records for the demo topics: a fixed cast of accounts, users, instruments and merchants, so
// keys repeat the way they do in a real system (compaction has something to compact, sessions have views).
import { randomUUID } from 'node:crypto';

export interface DemoRecord {
  key: string;
  value: Record<string, unknown>;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const int = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

const SYMBOLS = { AAPL: 227.5, MSFT: 431.2, NVDA: 131.4, ASML: 712.0, SAP: 232.8, TSLA: 251.3, AMZN: 186.9, NESN: 88.4 } as const;
const symbols = Object.keys(SYMBOLS) as Array<keyof typeof SYMBOLS>;
const VENUES = ['XNAS', 'XNYS', 'XETR', 'XAMS', 'XSWX'] as const;
const accounts = Array.from({ length: 40 }, (_, i) => `ACC-${String(1001 + i)}`);
const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Alan', 'Barbara', 'Ken', 'Frances', 'Edsger', 'Radia', 'Dennis', 'Katherine'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Turing', 'Liskov', 'Thompson', 'Allen', 'Dijkstra', 'Perlman', 'Ritchie', 'Johnson'];
const COUNTRIES = ['DE', 'NL', 'FR', 'GB', 'US', 'CH', 'SE', 'ES', 'IT', 'PL'];
const users = Array.from({ length: 120 }, (_, i) => {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[(i * 7) % LAST.length]!;
  return { userId: `user-${String(10_000 + i)}`, fullName: `${first} ${last}`, email: `${first}.${last}${i}@example.com`.toLowerCase(), country: COUNTRIES[i % COUNTRIES.length]! };
});
const MERCHANTS = [
  ['m-001', 'Kaffeehaus Berlin', '5814', 'DE'],
  ['m-002', 'Rijks Bookshop', '5942', 'NL'],
  ['m-003', 'Le Petit Bistro', '5812', 'FR'],
  ['m-004', 'Northern Rail Tickets', '4112', 'GB'],
  ['m-005', 'Cloud Compute Inc', '7372', 'US'],
  ['m-006', 'Alpine Outfitters', '5941', 'CH'],
  ['m-007', 'Nordic Groceries', '5411', 'SE'],
  ['m-008', 'Mercado Central', '5411', 'ES'],
] as const;
const PAGES = ['/', '/pricing', '/docs', '/docs/getting-started', '/blog', '/blog/kafka-4-is-here', '/signup', '/login', '/account', '/careers'];
const ELEMENTS = ['button#signup', 'a.nav-docs', 'a.nav-pricing', 'button.cta-primary', 'input#search', 'a.footer-careers', 'button#login'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) Firefox/141.0', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 15_0) Safari/18.0', 'Mozilla/5.0 (Windows NT 10.0) Chrome/139.0'];
const CURRENCIES: Record<string, string> = { DE: 'EUR', NL: 'EUR', FR: 'EUR', ES: 'EUR', GB: 'GBP', US: 'USD', CH: 'CHF', SE: 'SEK' };

const prices = new Map<string, number>(Object.entries(SYMBOLS));
function price(symbol: string): number {
  const next = prices.get(symbol)! * (1 + between(-0.002, 0.002));
  prices.set(symbol, next);
  return round(next);
}

// A few live browsing sessions at a time, each ending after some page views.
const sessions: Array<{ sessionId: string; userId: string | null; views: number; landingUrl: string }> = [];
function session() {
  if (sessions.length < 8 || Math.random() < 0.1) {
    sessions.push({ sessionId: randomUUID(), userId: Math.random() < 0.4 ? pick(users).userId : null, views: 0, landingUrl: pick(PAGES) });
    if (sessions.length > 12) sessions.shift();
  }
  return pick(sessions);
}

const recentOrders: Array<{ orderId: string; accountId: string; symbol: string; side: string; quantity: number; venue: string }> = [];
const recentTransactions: Array<{ transactionId: string; amount: { amountMinor: number; currency: string } }> = [];

const generators: Record<string, () => DemoRecord> = {
  'trading.orders.v1'() {
    const symbol = pick(symbols);
    const orderType = pick(['MARKET', 'LIMIT', 'LIMIT', 'STOP'] as const);
    const order = {
      orderId: randomUUID(),
      accountId: pick(accounts),
      symbol,
      side: pick(['BUY', 'SELL'] as const),
      orderType,
      quantity: pick([10, 25, 50, 100, 200, 500, 1000, 2500]),
      limitPrice: orderType === 'MARKET' ? null : round(price(symbol) * between(0.98, 1.02)),
      venue: pick(VENUES),
      placedAt: Date.now(),
    };
    recentOrders.push(order);
    if (recentOrders.length > 200) recentOrders.shift();
    return { key: order.orderId, value: order };
  },
  'trading.executions.v1'() {
    const order = recentOrders.length ? pick(recentOrders) : { orderId: randomUUID(), accountId: pick(accounts), symbol: pick(symbols), side: 'BUY', quantity: 100, venue: 'XNAS' };
    const value = {
      executionId: randomUUID(),
      orderId: order.orderId,
      accountId: order.accountId,
      symbol: order.symbol,
      side: order.side,
      quantity: Math.max(1, Math.round(order.quantity * pick([1, 1, 0.5, 0.25]))),
      price: price(order.symbol),
      venue: order.venue,
      executedAt: Date.now(),
    };
    return { key: order.orderId, value };
  },
  'trading.market-prices.v1'() {
    const symbol = pick(symbols);
    const last = price(symbol);
    const spread = round(last * 0.0004, 3);
    return { key: symbol, value: { symbol, bid: round(last - spread / 2, 3), ask: round(last + spread / 2, 3), last, volume: int(100, 50_000), quotedAt: new Date().toISOString() } };
  },
  'users.profiles.v1'() {
    const u = pick(users);
    return { key: u.userId, value: { ...u, tier: pick(['FREE', 'FREE', 'PLUS', 'PRO'] as const), marketingOptIn: Math.random() < 0.3, updatedAt: Date.now() } };
  },
  'users.signups.v1'() {
    const u = pick(users);
    return { key: u.userId, value: { userId: u.userId, email: u.email, channel: pick(['WEB', 'WEB', 'IOS', 'ANDROID', 'PARTNER'] as const), referrer: Math.random() < 0.5 ? pick(['google', 'newsletter', 'partner-42', 'hn']) : null, signedUpAt: Date.now() } };
  },
  'users.preferences.v1'() {
    const u = pick(users);
    return { key: u.userId, value: { userId: u.userId, emailDigest: pick(['daily', 'weekly', 'never']), pushNotifications: Math.random() < 0.6, language: pick(['en', 'de', 'nl', 'fr']), updatedAt: new Date().toISOString() } };
  },
  'web.pageviews.v1'() {
    const s = session();
    s.views += 1;
    const url = s.views === 1 ? s.landingUrl : pick(PAGES);
    return {
      key: s.sessionId,
      value: { viewId: randomUUID(), sessionId: s.sessionId, userId: s.userId, url, referrer: s.views === 1 ? pick(['https://www.google.com/', 'https://news.ycombinator.com/', null]) : null, userAgent: pick(AGENTS), country: pick(COUNTRIES), viewedAt: Date.now() },
    };
  },
  'web.clicks.v1'() {
    const s = session();
    return { key: s.sessionId, value: { clickId: randomUUID(), sessionId: s.sessionId, url: pick(PAGES), element: pick(ELEMENTS), x: int(0, 1440), y: int(0, 900), clickedAt: new Date().toISOString() } };
  },
  'payments.transactions.v1'() {
    const u = pick(users);
    const m = pick(MERCHANTS);
    const value = {
      transactionId: randomUUID(),
      userId: u.userId,
      merchantId: m[0],
      amount: { amountMinor: int(150, 25_000), currency: CURRENCIES[m[3]] ?? 'EUR' },
      cardLast4: String(int(0, 9999)).padStart(4, '0'),
      status: pick(['AUTHORISED', 'AUTHORISED', 'AUTHORISED', 'SETTLED', 'DECLINED'] as const),
      createdAt: Date.now(),
    };
    recentTransactions.push(value);
    if (recentTransactions.length > 200) recentTransactions.shift();
    return { key: value.transactionId, value };
  },
  'payments.refunds.v1'() {
    const t = recentTransactions.length ? pick(recentTransactions) : { transactionId: randomUUID(), amount: { amountMinor: 1000, currency: 'EUR' } };
    return {
      key: t.transactionId,
      value: { refundId: randomUUID(), transactionId: t.transactionId, amount: t.amount, reason: pick(['customer request', 'duplicate charge', 'item not received', 'fraud']), refundedAt: Date.now() },
    };
  },
  'payments.merchants.v1'() {
    const [merchantId, name, category, country] = pick(MERCHANTS);
    return { key: merchantId, value: { merchantId, name, category, country, onboardedAt: Date.now() - int(30, 900) * 86_400_000 } };
  },
};

/** A fresh record for a topic the demo traffic writes directly. */
export function demoRecord(topic: string): DemoRecord {
  const gen = generators[topic];
  if (!gen) throw new Error(`the demo traffic has no record generator for topic '${topic}' — add one in scripts/mesh/demo-records.ts`);
  return gen();
}

export function hasGenerator(topic: string): boolean {
  return topic in generators;
}

/** What each demo application writes, given a record it read. Undefined: nothing this time. */
export function deriveRecord(app: string, fromTopic: string, value: Record<string, unknown>): { topic: string; record: DemoRecord } | undefined {
  switch (app) {
    case 'risk-engine':
      if (fromTopic === 'trading.orders.v1' && Number(value.quantity) >= 1000) {
        return {
          topic: 'trading.risk-alerts.v1',
          record: {
            key: String(value.accountId),
            value: { alertId: randomUUID(), accountId: value.accountId, orderId: value.orderId, rule: 'max-order-size', limit: 999, observed: value.quantity, raisedAt: new Date().toISOString() },
          },
        };
      }
      return undefined;
    case 'position-keeper': {
      if (fromTopic !== 'trading.executions.v1') return undefined;
      const sign = value.side === 'SELL' ? -1 : 1;
      return {
        topic: 'trading.positions.v1',
        record: {
          key: `${String(value.accountId)}:${String(value.symbol)}`,
          value: { accountId: value.accountId, symbol: value.symbol, netQuantity: sign * Number(value.quantity) * int(1, 5), averagePrice: value.price, updatedAt: Date.now() },
        },
      };
    }
    case 'fraud-detector': {
      if (fromTopic !== 'payments.transactions.v1') return undefined;
      const amount = Number((value.amount as { amountMinor?: number } | undefined)?.amountMinor ?? 0);
      const score = round(Math.min(1, amount / 40_000 + between(0, 0.3)), 3);
      return {
        topic: 'payments.fraud-scores.v1',
        record: {
          key: String(value.transactionId),
          value: { transactionId: value.transactionId, score, model: 'gbm-2026-05', reasons: score > 0.5 ? ['high amount', 'new merchant for user'] : [], scoredAt: new Date().toISOString() },
        },
      };
    }
    case 'web-sessionizer': {
      if (fromTopic !== 'web.pageviews.v1' || Math.random() > 0.15) return undefined;
      const started = Number(value.viewedAt) - int(60, 1800) * 1000;
      return {
        topic: 'web.sessions.v1',
        record: {
          key: String(value.sessionId),
          value: { sessionId: value.sessionId, userId: value.userId ?? null, pageViews: int(1, 14), clicks: int(0, 9), landingUrl: String(value.url), startedAt: started, endedAt: Number(value.viewedAt) },
        },
      };
    }
    default:
      return undefined;
  }
}
