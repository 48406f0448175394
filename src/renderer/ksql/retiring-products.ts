// The active profile's deprecated and retired data products, with their ports' topics and named replacement,
// for the Workbench's pre-flight. products.list gives status and topics; the replacement and sunset sit in
// the descriptor's deprecation notice, so only the few products on their way out are fetched whole.
import type { Api } from '../../core/contract.ts';
import type { RetiringProduct } from './preflight-warnings.ts';

type ProductsApi = Pick<Api, 'products.list' | 'products.get'>;

export async function loadRetiringProducts(api: ProductsApi, profileId: string): Promise<RetiringProduct[]> {
  const { products } = await api['products.list']({ profileId, q: '' });
  const names = new Map(products.map((p) => [p.id, p.name]));
  const leaving = products.filter((p) => p.status === 'deprecated' || p.status === 'retired');
  return Promise.all(
    leaving.map(async (p): Promise<RetiringProduct> => {
      const deprecation = await api['products.get']({ profileId, productId: p.id }).then(
        (r) => r.descriptor.deprecation,
        () => undefined,
      );
      const replacement = deprecation?.replacement ?? '';
      return {
        id: p.id,
        name: p.name,
        status: p.status as RetiringProduct['status'],
        topics: p.topics,
        replacement,
        replacementName: names.get(replacement) ?? '',
        sunset: deprecation?.sunset ?? '',
      };
    }),
  );
}
