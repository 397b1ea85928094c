import { describe, expect, it } from 'vitest';
import { parsePausePress, pausePressValue } from '../../src/lib/core/buttons.js';
import { describeRepeatedPause, outcomeOfAnswer, pauseKey } from '../../src/lib/core/sync-pause.js';

const SYNC = '5c000000-0000-4000-8000-000000000007';
const ON = { messageTs: '1700000000.000100', actionTs: '1700000001.000200' };
const DRAWN = 1_768_385_640_000;

describe('a Pause or Resume value', () => {
  it('reads back as written, with the card’s drawing time, or without it from an alert', () => {
    expect(parsePausePress(pausePressValue({ kind: 'bulk', id: SYNC }, DRAWN))).toEqual({
      sync: { kind: 'bulk', id: SYNC },
      drawnAt: DRAWN,
    });
    expect(parsePausePress(`model:${SYNC}`)).toEqual({ sync: { kind: 'model', id: SYNC } });
  });

  it.each([`model:${SYNC}:`, `model:${SYNC}:12ab`, `model:not-a-uuid:${DRAWN}`, `teleport:${SYNC}`, '', undefined])(
    'refuses anything else (%s)',
    (value) => expect(parsePausePress(value)).toBeUndefined(),
  );
});

describe('the key of a Pause or Resume press', () => {
  const onCard = { sync: { kind: 'model' as const, id: SYNC }, drawnAt: DRAWN };

  it('is shared by a double click on one drawing of a card, and differs for the next drawing, message or direction', () => {
    expect(pauseKey('pause', onCard, ON)).toBe(pauseKey('pause', onCard, { ...ON, actionTs: '1700009999.0' }));
    expect(pauseKey('pause', onCard, ON)).toMatch(/^pause-[A-Za-z0-9_-]{32}$/);
    const keys = [
      pauseKey('pause', onCard, ON),
      pauseKey('pause', { ...onCard, drawnAt: DRAWN + 1 }, ON),
      pauseKey('pause', onCard, { ...ON, messageTs: '1700000000.000200' }),
      pauseKey('resume', onCard, ON),
    ];
    expect(new Set(keys).size).toBe(4);
  });

  it('on an alert, which is never redrawn, is the minute of the press', () => {
    const onAlert = { sync: onCard.sync };
    expect(pauseKey('pause', onAlert, ON)).toBe(pauseKey('pause', onAlert, { ...ON, actionTs: '1700000039.9' }));
    expect(pauseKey('pause', onAlert, ON)).not.toBe(pauseKey('pause', onAlert, { ...ON, actionTs: '1700000041.0' }));
  });
});

describe('what a press came to', () => {
  it('is a pause or a resume only when Polytomic answered with the flag asked for', () => {
    expect(outcomeOfAnswer('pause', false)).toEqual({ kind: 'paused' });
    expect(outcomeOfAnswer('resume', true)).toEqual({ kind: 'resumed' });
    expect(outcomeOfAnswer('pause', undefined)).toEqual({ kind: 'unconfirmed' });
    expect(outcomeOfAnswer('pause', true)).toEqual({ kind: 'unconfirmed' });
  });

  it('tells a repeated press who made the change, and how to go on when the sync was turned back since', () => {
    const claim = { userId: 'U0ALICE', outcome: 'paused' };
    expect(describeRepeatedPause('pause', claim, '10:14', true)).toBe(
      ':information_source: <@U0ALICE> already paused this sync at 10:14; this press changed nothing.',
    );
    expect(describeRepeatedPause('pause', claim, '10:14', false)).toBe(
      ':information_source: <@U0ALICE> already paused this sync at 10:14; this press changed nothing. It has been resumed since: press Pause again on this updated card.',
    );
    expect(describeRepeatedPause('resume', { userId: 'U0BOB' }, '10:14', false)).toBe(
      ':information_source: <@U0BOB> already pressed Resume here at 10:14; this press changed nothing. To resume it now, press Resume again on this updated card.',
    );
  });
});
