import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator.js';
import { createTestClock } from '../support/clock.js';
import type { Harness } from '../support/harness.js';
import { startHarness } from '../support/harness.js';
import { buttonsOf, visibleLines } from '../support/visible.js';

const ORDERS = SIMULATOR_IDS.syncs.ordersToSnowflake;
const ORDERS_VALUE = `model:${ORDERS}`;
// A fixed moment, so the listing's dates are known.
const MID_RUN = Date.parse('2026-01-14T10:14:00Z');

let h: Harness;
async function start() {
  h = await startHarness({ clock: createTestClock(MID_RUN) });
}
afterEach(async () => h.close());

describe('/polytomic audit', () => {
  const AUDIT_FOOTER = 'Newest first. Kept for 100 days. Only you can see this.';
  /** A line of the audit listing, as of `at`, which Slack shows in the reader's time zone. */
  const auditLine = (at: number, what: string) => {
    const utc = new Date(at).toISOString().replace('T', ' ').replace('.000Z', ' UTC');
    return `• <!date^${at / 1000}^{date_short} {time}|${utc}> · ${what}`;
  };
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it('lists changes newest first, for everything or for one sync', async () => {
    await start();
    await h.press('sync_start', ORDERS_VALUE, { userId: 'U0ALICE' });
    await h.settle();
    h.clock.advance(1_000);
    await h.command('refresh Snowflake Warehouse', { userId: 'U0BOB' });
    await h.settle();
    const all = await h.command('audit');
    await h.settle();
    const aliceStarted = new RegExp(
      `^${escapeRegExp(auditLine(MID_RUN, '<@U0ALICE> pressed Start on *Orders to Snowflake* (model sync): started'))} · run \`[0-9a-f-]{36}\`$`,
    );
    expect(visibleLines(h.replies(all.responseUrlId)[0])).toEqual([
      'Changes made through the bot',
      auditLine(MID_RUN + 1_000, '<@U0BOB> asked to refresh the schema of *Snowflake Warehouse* (connection): started'),
      expect.stringMatching(aliceStarted),
      AUDIT_FOOTER,
    ]);
    const one = await h.command('audit Orders to Snowflake');
    await h.settle();
    expect(visibleLines(h.replies(one.responseUrlId)[0])).toEqual([
      'Changes made through the bot to Orders to Snowflake',
      expect.stringMatching(aliceStarted),
      AUDIT_FOOTER,
    ]);
  });

  it('pages through older changes with a Show older button', async () => {
    await start();
    const base = h.clock.now();
    for (let i = 0; i < 25; i++) {
      await h.worker.auditStore.record({
        at: base - i * 60_000,
        jobId: `job${i}`,
        userId: 'U0ALICE',
        channelId: 'C0DATA',
        action: 'start',
        target: { kind: 'model', id: ORDERS, name: 'Orders to Snowflake' },
        outcome: 'started',
      });
    }
    const ack = await h.command('audit');
    await h.settle();
    const first = h.replies(ack.responseUrlId)[0];
    const pressedStart = (i: number) =>
      auditLine(base - i * 60_000, '<@U0ALICE> pressed Start on *Orders to Snowflake* (model sync): started');
    expect(visibleLines(first)).toEqual([
      'Changes made through the bot',
      ...Array.from({ length: 20 }, (_, i) => pressedStart(i)),
      '[Show older]',
      AUDIT_FOOTER,
    ]);
    const older = buttonsOf(first).find((b) => b.actionId === 'audit_older');
    expect(older?.value).toMatch(/^all\|/);
    const press = await h.press('audit_older', older!.value!);
    await h.settle();
    const second = h.replies(press.responseUrlId)[0];
    expect(visibleLines(second)).toEqual([
      'Changes made through the bot (older)',
      ...Array.from({ length: 5 }, (_, i) => pressedStart(20 + i)),
      AUDIT_FOOTER,
    ]);
    expect(buttonsOf(second).find((b) => b.actionId === 'audit_older')).toBeUndefined();
  });

  it('refuses a forged Show older value', async () => {
    await start();
    const press = await h.press('audit_older', 'all|DROP TABLE');
    await h.settle();
    expect(visibleLines(h.replies(press.responseUrlId)[0])).toEqual([
      ':warning: That button is out of date or not one of mine, so I did nothing. Try the command again for a fresh card.',
    ]);
  });
});
