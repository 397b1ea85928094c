import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import type { Harness } from '../support/harness.js';
import { startHarness } from '../support/harness.js';
import { buttonsOf, visibleLines } from '../support/visible.js';

const ORDERS = SIMULATOR_IDS.syncs.ordersToSnowflake;
const STATUS_PATH = new RegExp(`/api/syncs/${ORDERS}/executions`);

let h: Harness;
afterEach(async () => h.close());

describe('a person waiting on a failing or silent Polytomic hears of it before the answer', () => {
  it('says it is still trying when Polytomic is slow, then replaces that with the answer', async () => {
    h = await startHarness({ timing: { stillWaitingNoticeMs: 100 } });
    h.polytomic.setLatency(600);
    const ack = await h.command('status Orders to Snowflake');
    await h.settle();
    const replies = h.replies(ack.responseUrlId);
    expect(replies.map((r) => [r.text, r.replaceOriginal])).toEqual([
      [
        expect.stringMatching(
          /^:hourglass_flowing_sand: Still trying to look up that sync: Polytomic has not answered in \d+ s\. I'll answer here as soon as it does\.$/,
        ),
        true,
      ],
      [expect.stringContaining('Orders to Snowflake (model sync)'), true],
    ]);
  });

  it('says nothing in the meantime when Polytomic answers before the notice is due', async () => {
    h = await startHarness({ timing: { stillWaitingNoticeMs: 5_000 } });
    const ack = await h.command('status Orders to Snowflake');
    await h.settle();
    expect(h.replies(ack.responseUrlId).map((r) => r.text)).toEqual([
      expect.stringContaining('Orders to Snowflake (model sync)'),
    ]);
  });

  it('tells the presser of a button once, in a message of its own, and leaves the card to the answer', async () => {
    h = await startHarness({ timing: { stillWaitingNoticeMs: 100 } });
    // Polytomic slow and failing: the still-waiting notice and the retry notice would both be due.
    h.polytomic.setLatency(300);
    h.polytomic.failNext({ path: STATUS_PATH, status: 500, times: 3 });
    const press = await h.press('sync_update', `model:${ORDERS}`);
    await h.settleWithRetries();
    const replies = h.replies(press.responseUrlId);
    expect(replies.map((r) => [r.replaceOriginal, r.responseType])).toEqual([
      [false, 'ephemeral'],
      [true, 'ephemeral'],
    ]);
    expect(replies[0]!.text).toMatch(
      /^:hourglass_flowing_sand: (Still trying to update the card|I couldn't update the card yet)/,
    );
    // The answer is the card itself, its Start sync button included.
    expect(visibleLines(replies[1])[0]).toBe('Orders to Snowflake');
    expect(buttonsOf(replies[1]).map((b) => b.actionId)).toContain('sync_start');
  });
});
