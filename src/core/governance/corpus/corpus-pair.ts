// The shape of one corpus entry: two versions of a schema and what the semantic diff must say about them.
import type { ChangeKind, SchemaDiffFormat, Verdict } from '../schema-diff.ts';

export interface CorpusPair {
  name: string;
  format: SchemaDiffFormat;
  /** What consumers read with. */
  before: unknown;
  /** What producers will write with. */
  after: unknown;
  verdict: Verdict;
  /** Every kind the diff must report (it may report others, e.g. doc changes alongside). */
  kinds: ChangeKind[];
  /** A path that must carry one of the changes, when the case is about where. */
  path?: string;
  /** Set when the registry's FORWARD check is known to disagree with the verdict, saying why. */
  registryDisagrees?: string;
}
