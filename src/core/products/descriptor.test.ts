import { describe, expect, it } from 'vitest';
import { bumpVersion, historyConfigs, historyMismatches, ProductInput, validateDescriptor, validateProductInput } from './descriptor.ts';
import { exportYaml, importYaml } from './odps-yaml.ts';

const orders = ProductInput.parse({
  id: 'trading.orders',
  name: 'Trading orders',
  version: '1.2.0',
  domain: 'trading',
  owner: { team: 'Trading Platform', email: 'trading-platform@tributary.example' },
  description: '# Orders\n\nEvery order *accepted* by the gateway. `<script>` stays text.',
  tags: ['orders', 'trading'],
  tier: 'gold',
  sla: { freshnessSeconds: 5, availability: 99.95, supportHours: '24x7' },
  outputPorts: [{ topic: 'trading.orders.v1', key: 'orderId', schemaSubject: 'trading.orders.v1-value', format: 'AVRO' }],
  historyMode: { lastNDays: 7 },
  classification: { piiFields: ['trader.email'], dataRegion: 'eu-west' },
  producers: ['order-gateway'],
  consumers: ['risk-engine'],
});

describe('product descriptor', () => {
  it('lists every problem of an invalid descriptor with its path', () => {
    const result = validateDescriptor({ id: 'Bad Id!', name: '', version: '1.0', domain: 'x', owner: { team: '', email: 'nope' }, outputPorts: [{ topic: 'a b', format: 'XML' }], status: 'live', createdAt: 'yesterday', updatedAt: '2025-01-01T00:00:00Z', revision: 0 });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'name', 'version', 'owner.team', 'owner.email', 'outputPorts.0.topic', 'outputPorts.0.format', 'status', 'createdAt', 'revision']));
    expect(result.ok ? '' : result.problems.find((p) => p.path === 'version')!.message).toMatch(/MAJOR\.MINOR\.PATCH/);
  });

  it('refuses a product without output ports and the same topic as two ports', () => {
    const none = validateProductInput({ ...orders, outputPorts: [] });
    expect(none.ok ? [] : none.problems).toEqual([{ path: 'outputPorts', message: 'a product has at least one output port' }]);
    const twice = validateProductInput({ ...orders, outputPorts: [orders.outputPorts[0], orders.outputPorts[0]] });
    expect(twice.ok ? [] : twice.problems.map((p) => p.path)).toEqual(['outputPorts.1.topic']);
  });

  it('derives topic configs from the history mode', () => {
    expect(historyConfigs('all')).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': '-1' });
    expect(historyConfigs('compacted')).toEqual({ 'cleanup.policy': 'compact' });
    expect(historyConfigs({ lastNDays: 7 })).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': '604800000' });
  });

  it('names a topic whose configs do not keep what the history mode promises', () => {
    expect(historyMismatches('all', { 'cleanup.policy': 'delete', 'retention.ms': '-1' })).toEqual([]);
    expect(historyMismatches('all', { 'cleanup.policy': 'delete', 'retention.ms': '604800000' })[0]).toMatch(/retention.ms=-1/);
    expect(historyMismatches('compacted', { 'cleanup.policy': 'delete' })[0]).toMatch(/compact/);
    expect(historyMismatches('compacted', { 'cleanup.policy': 'compact,delete' })).toEqual([]);
    expect(historyMismatches({ lastNDays: 30 }, { 'retention.ms': '604800000' })[0]).toMatch(/30 days/);
    expect(historyMismatches({ lastNDays: 7 }, { 'retention.ms': '2592000000' })).toEqual([]);
  });

  it('bumps versions', () => {
    expect(bumpVersion('1.2.3', 'patch')).toBe('1.2.4');
    expect(bumpVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(bumpVersion('1.2.3-rc.1', 'major')).toBe('2.0.0');
  });
});

describe('ODPS YAML', () => {
  it('round-trips a product through ODPS YAML unchanged', () => {
    const yaml = exportYaml(orders);
    expect(yaml).toContain('kind: DataProduct');
    expect(yaml).toContain('apiVersion: v1.0.0');
    const back = importYaml(yaml);
    expect(back).toEqual({ ok: true, value: orders });
  });

  it('round-trips a deprecated, compacted product with defaults', () => {
    const p = ProductInput.parse({ ...orders, historyMode: 'compacted', deprecation: { sunset: '2026-12-31', replacement: 'trading.orders-v2', reason: 'v2 carries venue ids' }, tags: [] });
    expect(importYaml(exportYaml(p))).toEqual({ ok: true, value: p });
  });

  it('lists every problem of a hand-written ODPS file', () => {
    const result = importYaml('apiVersion: v1.0.0\nkind: DataContract\nid: x\nname: ""\nversion: one\noutputPorts:\n  - name: "bad topic"\n');
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['kind', 'name', 'version', 'domain', 'owner.team', 'owner.email', 'outputPorts.0.topic']));
  });

  it('reports YAML that does not parse', () => {
    expect(importYaml('id: [unclosed')).toMatchObject({ ok: false, problems: [{ path: '(yaml)' }] });
  });
});
