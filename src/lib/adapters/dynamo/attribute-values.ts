/** DynamoDB's JSON encoding of a value, for the calls made without the SDK (the SDK's `marshall` does the same). */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

/** A plain object as an item; `undefined` attributes are left out, as `marshall(…, { removeUndefinedValues })` does. */
export function toItem(value: object): Record<string, AttributeValue> {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, toAttributeValue(v)]),
  );
}

function toAttributeValue(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'boolean') return { BOOL: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be stored in DynamoDB`);
    return { N: String(value) };
  }
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: value.filter((v) => v !== undefined).map(toAttributeValue) };
  if (typeof value === 'object') return { M: toItem(value) };
  throw new TypeError(`a ${typeof value} cannot be stored in DynamoDB`);
}

/** An item as a plain object; numbers come back as numbers (the items the acknowledgement reads hold small ones). */
export function fromItem(item: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fromAttributeValue(v)]));
}

function fromAttributeValue(value: AttributeValue): unknown {
  if ('S' in value) return value.S;
  if ('N' in value) return Number(value.N);
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('L' in value) return value.L.map(fromAttributeValue);
  if ('M' in value) return fromItem(value.M);
  throw new TypeError(`unsupported DynamoDB attribute type ${Object.keys(value).join(',')}`);
}
