import { afterEach, describe, expect, it } from 'vitest';
import { HOME_POLICY } from '../../src/lib/app/home.js';
import { INCIDENT_ACTIONS, SYNC_ACTIONS } from '../../src/lib/core/buttons.js';
import { SIMULATOR_IDS } from '../../src/local/polytomic-simulator/seed.js';
import { createTestClock } from '../support/clock.js';
import type { Harness } from '../support/harness.js';
import { startHarness } from '../support/harness.js';
import { eventBody } from '../support/slack-requests.js';
import { visibleLines } from '../support/visible.js';

const T0 = Date.parse('2026-01-14T10:14:00Z');
const CHURN = SIMULATOR_IDS.syncs.churnScoresToSalesforce;
let h: Harness;
afterEach(async () => h?.close());

const homeLines = (user: string) => visibleLines({ text: '', blocks: h.slack.homeOf(user)?.blocks });
/** When her Home was last published (the simulated clock's time then). */
const publishedAt = (user: string) => h.slack.homeOf(user)?.at;
const alertLine = (user: string) => homeLines(user).find((line) => line.startsWith(':rotating_light:'));

async function openHome(user: string) {
  await h.slackEvent(eventBody({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home' }));
  await h.settle();
}

/** Churn Risk Scores fails; the alert is posted in #data at the end of its batch window. */
async function churnFails() {
  await h.syncFailed({ id: CHURN, name: 'Churn Risk Scores → Salesforce' });
  return h.posted('C0DATA').find((m) => !m.threadTs)!;
}

describe('a Home being looked at follows what changes', () => {
  it('is republished when an alert opens and when someone takes it; one opened over 30 minutes ago is left', async () => {
    h = await startHarness({ clock: createTestClock(T0) });
    await h.command('watch Churn Risk Scores → Salesforce', { channelId: 'C0DATA' });
    await h.settle();
    for (const user of ['U0ALICE', 'U0CAROL']) h.slack.setChannelsOf(user, ['C0DATA']);
    await openHome('U0CAROL');
    h.clock.advance(HOME_POLICY.liveMs + 60_000);
    await openHome('U0ALICE');
    expect(alertLine('U0ALICE')).toBeUndefined();
    const carolBefore = publishedAt('U0CAROL');
    const listings = () => h.slack.calls.filter((c) => c.method === 'users.conversations').length;
    const listed = listings();

    const alert = await churnFails();
    expect(alertLine('U0ALICE')).toMatch(
      /^:rotating_light: <https:\/\/local\.slack\.test\/archives\/C0DATA\/p\d+\|Alert open> on \*Churn Risk Scores → Salesforce\* since .* · nobody is on it yet$/,
    );
    expect(publishedAt('U0CAROL')).toBe(carolBefore);
    // Her channels as Slack listed them when she opened it: a republish asks Slack for no one's channels again.
    expect(listings()).toBe(listed);

    await h.press(INCIDENT_ACTIONS.take, `model:${CHURN}`, { messageTs: alert.ts, userId: 'U0BOB' });
    await h.settle();
    // Republishes begin at least 30 s apart: the take is shown at the first tick after that.
    await h.tick();
    expect(alertLine('U0ALICE')).toMatch(/nobody is on it yet$/);
    h.clock.advance(HOME_POLICY.republishGapMs);
    await h.tick();
    expect(alertLine('U0ALICE')).toMatch(/ · <@U0BOB> is on it$/);
    const published = publishedAt('U0ALICE');
    // Nothing changed since: the next tick publishes nothing.
    h.clock.advance(HOME_POLICY.republishGapMs);
    await h.tick();
    expect(publishedAt('U0ALICE')).toBe(published);
  });

  it('reads each channel once for all the Homes it republishes', async () => {
    h = await startHarness({ clock: createTestClock(T0) });
    await h.command('watch Churn Risk Scores → Salesforce', { channelId: 'C0DATA' });
    await h.settle();
    const people = ['U0ALICE', 'U0BOB', 'U0CAROL'];
    for (const user of people) {
      h.slack.setChannelsOf(user, ['C0DATA', 'C0OPS']);
      await openHome(user);
    }
    const read: string[] = [];
    const { alertStore } = h.worker;
    const watchesOfChannel = alertStore.watchesOfChannel;
    alertStore.watchesOfChannel = (channelId) => {
      read.push(channelId);
      return watchesOfChannel(channelId);
    };
    await churnFails();
    for (const user of people) expect(alertLine(user), user).toMatch(/nobody is on it yet$/);
    // #ops once for the three Homes; #data once for them and once for the flush that posted the alert.
    expect(read.filter((c) => c === 'C0OPS')).toEqual(['C0OPS']);
    expect(read.filter((c) => c === 'C0DATA')).toEqual(['C0DATA', 'C0DATA']);
  });

  it('keeps the card she had on top when it is republished', async () => {
    h = await startHarness({ clock: createTestClock(T0) });
    await h.command('watch Churn Risk Scores → Salesforce', { channelId: 'C0DATA' });
    await h.settle();
    h.slack.setChannelsOf('U0ALICE', ['C0DATA']);
    await openHome('U0ALICE');
    await h.pressOnHome(SYNC_ACTIONS.update, `model:${CHURN}`);
    await h.settle();
    expect(homeLines('U0ALICE').slice(0, 2)).toEqual(['Polytomic', 'Churn Risk Scores → Salesforce']);
    const before = publishedAt('U0ALICE');
    await churnFails();
    expect(publishedAt('U0ALICE')).toBeGreaterThan(before!);
    const lines = homeLines('U0ALICE');
    expect(lines.slice(0, 2)).toEqual(['Polytomic', 'Churn Risk Scores → Salesforce']);
    // The card is not read again with the rest: it says when it was drawn (its own Update reads it again).
    expect(lines.filter((line) => line.startsWith(':hourglass_flowing_sand:'))).toEqual([
      ':hourglass_flowing_sand: This card shows how things stood <!date^1768385640^{date_short_pretty} at {time}|2026-01-14 10:14:00 UTC>.',
    ]);
    expect(alertLine('U0ALICE')).toMatch(/nobody is on it yet$/);
  });

  it('is republished when a watch is set in one of her channels', async () => {
    h = await startHarness({ clock: createTestClock(T0) });
    h.slack.setChannelsOf('U0ALICE', ['C0DATA']);
    await openHome('U0ALICE');
    expect(homeLines('U0ALICE')).not.toContain('*<#C0DATA>*');
    await h.command('watch Churn Risk Scores → Salesforce', { channelId: 'C0DATA' });
    await h.settle();
    await h.tick();
    expect(homeLines('U0ALICE')).toContain('*<#C0DATA>*');
  });

  it('is republished after a digest in one of her channels runs: it shows the next run', async () => {
    h = await startHarness({ clock: createTestClock(T0) });
    h.slack.setChannelsOf('U0ALICE', ['C0OPS']);
    await h.command('digest daily 09:00 Europe/Paris', { channelId: 'C0OPS' });
    await h.settle();
    await h.tick();
    h.clock.set(Date.parse('2026-01-15T07:45:00Z'));
    await openHome('U0ALICE');
    const digestLine = () => homeLines('U0ALICE').find((line) => line.startsWith(':calendar:'));
    expect(digestLine()).toContain('2026-01-15 08:00:00 UTC');
    h.clock.set(Date.parse('2026-01-15T08:00:00Z'));
    await h.tick();
    expect(h.posted('C0OPS').some((m) => !m.threadTs)).toBe(true);
    expect(digestLine()).toContain('2026-01-16 08:00:00 UTC');
  });
});
