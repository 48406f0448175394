// The lineage calls of the contract, answered from the graph each sync records (see graph-store.ts).
import type { EngineContext, RoomHandlers } from '../engine-context.ts';
import { TributaryError } from '../errors.ts';

type Calls = 'lineage.neighbourhood' | 'lineage.search' | 'lineage.impact' | 'lineage.path' | 'lineage.diff' | 'lineage.edgeTimeline' | 'lineage.export' | 'lineage.graph';

export function lineageHandlers(_ctx: EngineContext): RoomHandlers<Calls> {
  const notYet = async (): Promise<never> => {
    throw new TributaryError('NotFound', 'Lineage is not recorded yet in this build');
  };
  return {
    'lineage.neighbourhood': notYet,
    'lineage.search': notYet,
    'lineage.impact': notYet,
    'lineage.path': notYet,
    'lineage.diff': notYet,
    'lineage.edgeTimeline': notYet,
    'lineage.export': notYet,
    'lineage.graph': notYet,
  };
}
