// JSON Schema pairs with the classification the semantic diff must give them (breaking: a document valid
// under "after" can be invalid under "before", which consumers still validate with).
import type { CorpusPair } from './corpus-pair.ts';

const order = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ $schema: 'http://json-schema.org/draft-07/schema#', title: 'Order', type: 'object', properties, ...extra });
const id = { type: 'string' };
const qty = { type: 'integer' };

export const jsonSchemaPairs: CorpusPair[] = [
  { name: 'an unchanged JSON Schema is identical', format: 'JSON', before: order({ id, qty }, { required: ['id'] }), after: order({ id, qty }, { required: ['id'] }), verdict: 'identical', kinds: [] },
  { name: 'changing descriptions is doc-only', format: 'JSON', before: order({ id, qty }), after: order({ id: { ...id, description: 'the order id' }, qty }, { description: 'an order' }), verdict: 'doc', kinds: ['doc-changed'], path: 'Order.id' },
  { name: 'adding an optional property to an open object is non-breaking', format: 'JSON', before: order({ id }), after: order({ id, note: { type: 'string' } }), verdict: 'non-breaking', kinds: ['field-added'], path: 'Order.note' },
  { name: 'adding a property to a closed object is breaking', format: 'JSON', before: order({ id }, { additionalProperties: false }), after: order({ id, note: { type: 'string' } }, { additionalProperties: false }), verdict: 'breaking', kinds: ['field-added'], path: 'Order.note' },
  { name: 'removing a property from an open object is breaking', format: 'JSON', before: order({ id, qty }), after: order({ id }), verdict: 'breaking', kinds: ['field-removed'], path: 'Order.qty' },
  { name: 'removing a property from a closed object is non-breaking', format: 'JSON', before: order({ id, qty }, { additionalProperties: false }), after: order({ id }, { additionalProperties: false }), verdict: 'non-breaking', kinds: ['field-removed'] },
  { name: 'requiring a property is non-breaking', format: 'JSON', before: order({ id, qty }, { required: ['id'] }), after: order({ id, qty }, { required: ['id', 'qty'] }), verdict: 'non-breaking', kinds: ['required-added'], path: 'Order.qty' },
  { name: 'no longer requiring a property is breaking', format: 'JSON', before: order({ id, qty }, { required: ['id', 'qty'] }), after: order({ id, qty }, { required: ['id'] }), verdict: 'breaking', kinds: ['required-removed'], path: 'Order.qty' },
  { name: 'widening integer to number is breaking', format: 'JSON', before: order({ id, qty }), after: order({ id, qty: { type: 'number' } }), verdict: 'breaking', kinds: ['type-widened'], path: 'Order.qty' },
  { name: 'narrowing number to integer is non-breaking', format: 'JSON', before: order({ id, qty: { type: 'number' } }), after: order({ id, qty }), verdict: 'non-breaking', kinds: ['type-narrowed'] },
  { name: 'allowing null is breaking', format: 'JSON', before: order({ id }), after: order({ id: { type: ['string', 'null'] } }), verdict: 'breaking', kinds: ['nullable-added'], path: 'Order.id' },
  { name: 'no longer allowing null is non-breaking', format: 'JSON', before: order({ id: { type: ['string', 'null'] } }), after: order({ id }), verdict: 'non-breaking', kinds: ['nullable-removed'] },
  { name: 'changing string to integer is breaking', format: 'JSON', before: order({ id }), after: order({ id: { type: 'integer' } }), verdict: 'breaking', kinds: ['type-changed'] },
  { name: 'adding an enum value is breaking', format: 'JSON', before: order({ side: { type: 'string', enum: ['BUY', 'SELL'] } }), after: order({ side: { type: 'string', enum: ['BUY', 'SELL', 'SHORT'] } }), verdict: 'breaking', kinds: ['enum-symbol-added'], path: 'Order.side' },
  { name: 'removing an enum value is non-breaking', format: 'JSON', before: order({ side: { type: 'string', enum: ['BUY', 'SELL', 'SHORT'] } }), after: order({ side: { type: 'string', enum: ['BUY', 'SELL'] } }), verdict: 'non-breaking', kinds: ['enum-symbol-removed'] },
  { name: 'tightening maxLength is non-breaking', format: 'JSON', before: order({ id: { type: 'string', maxLength: 100 } }), after: order({ id: { type: 'string', maxLength: 50 } }), verdict: 'non-breaking', kinds: ['constraint-tightened'] },
  { name: 'loosening maxLength is breaking', format: 'JSON', before: order({ id: { type: 'string', maxLength: 50 } }), after: order({ id: { type: 'string', maxLength: 100 } }), verdict: 'breaking', kinds: ['constraint-loosened'] },
  {
    name: 'changing a nested property type is breaking at its path',
    format: 'JSON',
    before: order({ id, customer: { type: 'object', properties: { zip: { type: 'string' } } } }),
    after: order({ id, customer: { type: 'object', properties: { zip: { type: 'integer' } } } }),
    verdict: 'breaking',
    kinds: ['type-changed'],
    path: 'Order.customer.zip',
  },
  { name: 'widening array items is breaking (JSON)', format: 'JSON', before: order({ lots: { type: 'array', items: { type: 'integer' } } }), after: order({ lots: { type: 'array', items: { type: 'number' } } }), verdict: 'breaking', kinds: ['type-widened'], path: 'Order.lots[]' },
  { name: 'closing an open object is non-breaking', format: 'JSON', before: order({ id }), after: order({ id }, { additionalProperties: false }), verdict: 'non-breaking', kinds: ['additional-properties-closed'] },
  { name: 'opening a closed object is breaking', format: 'JSON', before: order({ id }, { additionalProperties: false }), after: order({ id }), verdict: 'breaking', kinds: ['additional-properties-opened'] },
  {
    name: 'a change behind a $ref is found at the referring path',
    format: 'JSON',
    before: order({ shipTo: { $ref: '#/definitions/Address' } }, { definitions: { Address: { type: 'object', properties: { zip: { type: 'string', maxLength: 10 } } } } }),
    after: order({ shipTo: { $ref: '#/definitions/Address' } }, { definitions: { Address: { type: 'object', properties: { zip: { type: 'string' } } } } }),
    verdict: 'breaking',
    kinds: ['constraint-loosened'],
    path: 'Order.shipTo.zip',
  },
  { name: 'changing a oneOf is breaking', format: 'JSON', before: order({ ref: { oneOf: [{ type: 'string' }, { type: 'integer' }] } }), after: order({ ref: { oneOf: [{ type: 'string' }, { type: 'boolean' }] } }), verdict: 'breaking', kinds: ['keyword-changed'] },
];
