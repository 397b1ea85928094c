import { describe, expect, it } from 'vitest';
import {
  auditCursor,
  connectionValue,
  digestOffValue,
  parseAuditCursor,
  parseConnectionValue,
  parseDigestOffValue,
  parseSyncPress,
  parseSyncValue,
  syncPressValue,
  syncValue,
} from '../../src/lib/core/buttons.js';

const SYNC = '5c000000-0000-4000-8000-000000000007';
const RUN_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const RUN_B = 'bbbbbbbb-0000-4000-8000-000000000002';

describe('a Start or Cancel value', () => {
  it('read back exactly as written, and an older card’s value still reads', () => {
    for (const shown of [
      { running: RUN_A, last: RUN_B },
      { running: undefined, last: RUN_B },
      { running: undefined, last: undefined },
    ]) {
      expect(parseSyncPress(syncPressValue({ kind: 'model', id: SYNC }, shown))).toEqual({
        sync: { kind: 'model', id: SYNC },
        shown,
      });
    }
    expect(syncPressValue({ kind: 'bulk', id: SYNC }, {})).toBe(`bulk:${SYNC}:none:none`);
    expect(parseSyncPress(`bulk:${SYNC}`)).toEqual({ sync: { kind: 'bulk', id: SYNC } });
  });

  it.each([
    '',
    undefined,
    `model:${SYNC}:extra`,
    `model:${SYNC}:${RUN_A}`,
    `model:${SYNC}:${RUN_A}:${RUN_B}:${RUN_A}`,
    `model:${SYNC}:${RUN_A.toUpperCase()}:none`,
    `model:${SYNC}:nothing:none`,
    `MODEL:${SYNC}:none:none`,
    `teleport:${SYNC}:none:none`,
    'model:not-a-uuid:none:none',
  ])('refuses anything else (%s)', (value) => {
    expect(parseSyncPress(value)).toBeUndefined();
  });
});

describe('an Update or Share value, a Refresh schema value, a Show older cursor', () => {
  it('read back exactly as written', () => {
    expect(parseSyncValue(syncValue({ kind: 'bulk', id: SYNC }))).toEqual({ kind: 'bulk', id: SYNC });
    expect(parseConnectionValue(connectionValue(SYNC))).toBe(SYNC);
    const before = '2026-12-01T09:00:00.000Z#job_1-A';
    expect(parseAuditCursor(auditCursor(undefined, before))).toEqual({ targetId: undefined, before });
    expect(parseAuditCursor(auditCursor(SYNC, before))).toEqual({ targetId: SYNC, before });
  });

  it.each(['', undefined, `model:${SYNC}:none:none`, 'model:not-a-uuid', `teleport:${SYNC}`])(
    'refuse anything else (%s)',
    (value) => {
      expect(parseSyncValue(value)).toBeUndefined();
      expect(parseConnectionValue(value)).toBeUndefined();
      expect(parseAuditCursor(value)).toBeUndefined();
    },
  );
});

describe('a Turn off value', () => {
  it('takes one id for Turn off and the listed ids for Turn off all, in lower case', () => {
    expect(parseDigestOffValue(digestOffValue(['A1B2C3']), false)).toEqual(['a1b2c3']);
    expect(parseDigestOffValue('a1b2c3,d4e5f6', true)).toEqual(['a1b2c3', 'd4e5f6']);
  });

  it.each([
    [undefined, false],
    ['', false],
    ['a1b2c3,d4e5f6', false],
    ['a1b2c', false],
    ['a1b2c3 ', false],
    ['g1b2c3', false],
    ['a1b2c3,', true],
    [Array.from({ length: 11 }, (_, i) => `a1b2${String(i).padStart(2, '0')}`).join(','), true],
  ])('refuses the value %j (many: %s)', (value, many) => {
    expect(parseDigestOffValue(value, many)).toBeUndefined();
  });
});
