import { describe, expect, it } from 'vitest';
import { matchName } from '../../src/lib/core/name-match.js';

const items = [
  { id: '0a1b2c3d-0000-4000-8000-000000000001', name: 'Orders to Snowflake' },
  { id: '0a1b2c3d-0000-4000-8000-000000000002', name: 'Orders to Snowflake (backfill)' },
  { id: '0a1b2c3d-0000-4000-8000-000000000003', name: 'Salesforce Contacts → HubSpot' },
  { id: '0a1b2c3d-0000-4000-8000-000000000004', name: 'Daily users' },
  { id: '0a1b2c3d-0000-4000-8000-000000000005', name: 'daily users' },
];

describe('matchName', () => {
  it('finds an exact name in any case and spacing', () => {
    expect(matchName(items, '  orders TO   snowflake ')).toEqual({ kind: 'found', item: items[0] });
  });

  it('finds an item by its id, in any case', () => {
    expect(matchName(items, items[2]!.id.toUpperCase())).toEqual({ kind: 'found', item: items[2] });
  });

  it('lists every item when several share the name', () => {
    expect(matchName(items, 'DAILY USERS')).toEqual({ kind: 'ambiguous', items: [items[3], items[4]] });
  });

  it('offers names that contain the text before names that share a word', () => {
    const match = matchName(items, 'orders');
    expect(match).toEqual({ kind: 'not_found', suggestions: [items[0], items[1]] });
    expect(matchName(items, 'salesforce leads')).toEqual({ kind: 'not_found', suggestions: [items[2]] });
  });

  it('offers a name with a small typo', () => {
    const match = matchName(items, 'Dialy users');
    expect(match.kind).toBe('not_found');
    expect(match.kind === 'not_found' && match.suggestions).toEqual(expect.arrayContaining([items[3], items[4]]));
    expect(match.kind === 'not_found' && match.suggestions).toHaveLength(2);
  });

  it('offers nothing for a name unlike any other', () => {
    expect(matchName(items, 'zzz-nothing')).toEqual({ kind: 'not_found', suggestions: [] });
  });

  it('folds accents and reads a typed arrow as the arrow names use', () => {
    expect(matchName(items, 'ÖRDÉRS to Snøwflake')).toEqual({ kind: 'not_found', suggestions: [items[0], items[1]] });
    expect(matchName(items, 'Ordérs to Snowflake')).toEqual({ kind: 'found', item: items[0] });
    expect(matchName(items, 'salesforce contacts -> hubspot')).toEqual({ kind: 'found', item: items[2] });
    expect(matchName(items, 'Salesforce Contacts->HubSpot')).toEqual({ kind: 'found', item: items[2] });
  });

  it('takes the one close name only when the caller accepts it, and never when there are several', () => {
    expect(matchName(items, 'contacts')).toEqual({ kind: 'not_found', suggestions: [items[2]] });
    expect(matchName(items, 'contacts', { acceptOnlyClose: true })).toEqual({
      kind: 'found',
      item: items[2],
      close: true,
    });
    expect(matchName(items, 'orders', { acceptOnlyClose: true }).kind).toBe('not_found');
  });
});
