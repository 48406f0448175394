// The products room: descriptors folded from the mesh registry topics, publish/preview/validate, access
// requests and the audit log. (Cluster-facing calls land in the following commits.)
import type { EngineContext, RoomHandlers } from '../engine-context.ts';
import { TributaryError } from '../errors.ts';
import { importYaml } from './odps-yaml.ts';

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
  | 'access.request'
  | 'access.decide'
  | 'access.list'
  | 'audit.list';

export function productHandlers(_ctx: EngineContext): RoomHandlers<Calls> {
  const notYet = async (): Promise<never> => {
    throw new TributaryError('Internal', 'This products call is not implemented yet in this build');
  };
  return {
    'products.list': notYet,
    'products.get': notYet,
    'products.validate': notYet,
    'products.preview': notYet,
    'products.publish': notYet,
    'products.update': notYet,
    'products.unpublish': notYet,
    'products.importYaml': async ({ yaml }) => {
      const result = importYaml(yaml);
      return result.ok ? { product: result.value, problems: [] } : { product: null, problems: result.problems };
    },
    'products.exportYaml': notYet,
    'products.events': notYet,
    'access.request': notYet,
    'access.decide': notYet,
    'access.list': notYet,
    'audit.list': notYet,
  };
}
