// Advice on a script's data flow before it runs: a statement that writes into a topic whose name points at
// another domain than the topics it reads (the first segment of the name, as the demo mesh names topics
// <domain>.<name>.v<n>), and one that creates a topic no schema is registered for in the last sync.
// Advice only: the user may still run.
import type { Out } from '../../core/contract.ts';

type PreflightStatement = Out<'ksql.preflight'>['statements'][number];

export interface FlowWarning {
  index: number;
  message: string;
}

/** The domain a topic name suggests: its first segment, lower-cased (trading.orders.v1 → trading, TRADING_BIG → trading). */
export function topicDomain(topic: string): string {
  return (topic.split(/[._-]/)[0] ?? topic).toLowerCase();
}

/** `subjects` is the set of registered subjects from the cache, or null when the profile was never synced. */
export function preflightWarnings(statements: readonly PreflightStatement[], subjects: ReadonlySet<string> | null): FlowWarning[] {
  const warnings: FlowWarning[] = [];
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
