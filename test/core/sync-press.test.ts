import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/lib/core/sync.js';
import { describePress, describeRepeatedPress, hasEnded, pressKey, shownRuns } from '../../src/lib/core/sync-press.js';

const SYNC = '5c000000-0000-4000-8000-000000000007';
const RUN_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const RUN_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const run = (id: string | undefined, status: string): RunSummary => ({ id, status, counts: {}, errors: [] });
const ON = { messageTs: '1700000000.000100', actionTs: '1700000001.000200' };

describe('the runs a card shows, carried by its Start and Cancel buttons', () => {
  it('are the run in progress and the last finished one, ids only', () => {
    expect(shownRuns({ current: run(RUN_A, 'running'), last: run(RUN_B, 'completed') })).toEqual({
      running: RUN_A,
      last: RUN_B,
    });
    expect(shownRuns({ current: run(RUN_A, 'completed'), last: run(RUN_B, 'failed') })).toEqual({
      running: undefined,
      last: RUN_B,
    });
    expect(shownRuns({ last: run(RUN_B.toUpperCase(), 'completed') })).toEqual({ running: undefined, last: RUN_B });
    expect(shownRuns({ last: run('not-an-id', 'completed') })).toEqual({ running: undefined, last: undefined });
  });
});

describe('the key of a press', () => {
  const shown = { running: undefined, last: RUN_A };
  const press = { sync: { kind: 'model' as const, id: SYNC }, shown };

  it('is shared by a double click and by a press long after on the same card, whoever presses', () => {
    expect(pressKey('start', press, ON)).toBe(pressKey('start', press, { ...ON, actionTs: '1700009999.000000' }));
    expect(pressKey('start', press, ON)).toMatch(/^start-[A-Za-z0-9_-]{32}$/);
  });

  it('changes when the card shows other runs, or is another message, sync or action', () => {
    const keys = [
      pressKey('start', press, ON),
      pressKey('start', { ...press, shown: { running: RUN_B, last: RUN_A } }, ON),
      pressKey('start', { ...press, shown: { running: undefined, last: RUN_B } }, ON),
      pressKey('start', press, { ...ON, messageTs: '1700000000.000200' }),
      pressKey('start', { ...press, sync: { kind: 'bulk', id: SYNC } }, ON),
      pressKey('cancel', press, ON),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('on an older card is the minute of the press, as before', () => {
    const older = { sync: press.sync };
    expect(pressKey('start', older, ON)).toBe(pressKey('start', older, { ...ON, actionTs: '1700000039.900000' }));
    expect(pressKey('start', older, ON)).not.toBe(pressKey('start', older, { ...ON, actionTs: '1700000040.000000' }));
  });
});

describe('what a press says', () => {
  it('counts a run as over only once Polytomic says it finished', () => {
    expect(['completed', 'completed_with_errors', 'failed', 'canceled'].map((s) => hasEnded(run(RUN_A, s)))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['created', 'queued', 'running', 'canceling', 'something_new'].map((s) => hasEnded(run(RUN_A, s)))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('never calls a matched, finished run started', () => {
    const text = describePress({ kind: 'matched_ended', executionId: RUN_A }, '<@U1>', '10:00');
    expect(text).toBe(
      ":information_source: <@U1>'s press at 10:00 matched one already made, so no new run was started; the run that one started has since ended. Press Start again on this updated card to start a new run.",
    );
  });

  it('tells a repeated press who made the change and when', () => {
    expect(describeRepeatedPress('start', { userId: 'U1', outcome: 'started' }, '10:00')).toBe(
      ':information_source: <@U1> already started that run at 10:00; this press changed nothing.',
    );
    expect(describeRepeatedPress('start', { userId: 'U1' }, '10:00')).toBe(
      ':information_source: <@U1> already pressed Start on this card at 10:00; this press changed nothing.',
    );
    expect(describeRepeatedPress('cancel', { userId: 'U1', outcome: 'cancel_requested' }, '10:00')).toBe(
      ':information_source: <@U1> already asked Polytomic to cancel that run at 10:00; this press changed nothing.',
    );
  });
});
