// Advice on a script's data flow before it runs: a statement that reads a deprecated or retired data product,
// one that writes into a topic whose name points at another domain than the topics it reads (the first segment
// of the name, as the demo mesh names topics <domain>.<name>.v<n>), and one that creates a topic no schema is
// registered for in the last sync. Advice only: the user may still run.
import type { Out } from '../../core/contract.ts';

type PreflightStatement = Out<'ksql.preflight'>['statements'][number];

/** A data product on its way out, with the topics of its output ports. */
export interface RetiringProduct {
  id: string;
  name: string;
  status: 'deprecated' | 'retired';
  topics: readonly string[];
  /** The replacement's product id from the deprecation notice, '' when none is named. */
  replacement: string;
  /** The replacement's name when it is a product this profile knows. */
  replacementName: string;
  sunset: string;
}

export interface FlowWarning {
  index: number;
  message: string;
}

/** The domain a topic name suggests: its first segment, lower-cased (trading.orders.v1 → trading, TRADING_BIG → trading). */
export function topicDomain(topic: string): string {
  return (topic.split(/[._-]/)[0] ?? topic).toLowerCase();
}

function retiringMessage(verb: string, topic: string, p: RetiringProduct): string {
  const replacement = p.replacement ? ` — use ${p.replacementName ? `“${p.replacementName}” (${p.replacement})` : p.replacement} instead` : ' — no replacement is named; ask its owners';
  const when = p.status === 'deprecated' ? `deprecated${p.sunset ? `, sunset ${p.sunset}` : ''}` : 'retired';
  return `${verb} ${topic}, an output port of data product “${p.name}” (${p.id}), which is ${when}${replacement}`;
}

/**
 * `subjects` is the set of registered subjects from the cache, or null when the profile was never synced;
 * `retiring` the profile's deprecated and retired products.
 */
export function preflightWarnings(statements: readonly PreflightStatement[], subjects: ReadonlySet<string> | null, retiring: readonly RetiringProduct[] = []): FlowWarning[] {
  const warnings: FlowWarning[] = [];
  const byTopic = new Map<string, RetiringProduct>();
  for (const p of retiring) for (const t of p.topics) byTopic.set(t, p);
  for (const s of statements) {
    const seen = new Set<string>();
    for (const r of s.flow.reads) {
      const p = r.topic ? byTopic.get(r.topic) : undefined;
      if (p && !seen.has(r.topic!)) {
        seen.add(r.topic!);
        warnings.push({ index: s.index, message: retiringMessage('Reads', r.topic!, p) });
      }
    }
    // Declaring a stream or table over a retiring product's topic is how a new consumer starts reading it.
    for (const w of s.flow.writes) {
      const p = w.topic && s.flow.kind === 'create-source' ? byTopic.get(w.topic) : undefined;
      if (p && !seen.has(w.topic!)) {
        seen.add(w.topic!);
        warnings.push({ index: s.index, message: retiringMessage(`Declares ${w.name} over`, w.topic!, p) });
      }
    }
  }
  for (const s of statements) {
    const sourceDomains = [...new Set(s.flow.reads.flatMap((r) => (r.topic ? [topicDomain(r.topic)] : [])))];
    for (const w of s.flow.writes) {
      if (!w.topic) continue;
      const domain = topicDomain(w.topic);
      if (sourceDomains.length && !sourceDomains.includes(domain)) {
        warnings.push({
          index: s.index,
          message: `Writes into ${w.topic}, which reads as domain "${domain}", from ${sourceDomains.map((d) => `"${d}"`).join(', ')} — name the sink after the domain that owns it, or check with that domain's team`,
        });
      }
      if (w.createsTopic && subjects && !subjects.has(`${w.topic}-value`)) {
        warnings.push({
          index: s.index,
          message: `Creates topic ${w.topic} with no schema registered for it (no subject ${w.topic}-value in the last sync) — use an Avro/Protobuf/JSON_SR VALUE_FORMAT so ksqlDB registers one, or register it first`,
        });
      }
    }
  }
  return warnings;
}
