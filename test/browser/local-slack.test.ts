import { existsSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/local/dynamodb-local.js';
import type { RunningProcess } from '../fault/processes.js';
import { startTsProcess } from '../fault/processes.js';

// Debian's Chromium (.ci/run installs it): Playwright's own browser download cannot work on these machines.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Far from the machine's own zone (UTC here), so a date shown in UTC cannot pass for one in the browser's zone.
const BROWSER_ZONE = 'America/New_York';
/** `LOCAL_SLACK_SCREENSHOT=docs/local-slack.png npx vitest run test/browser` refreshes the README's picture. */
const SCREENSHOT = process.env.LOCAL_SLACK_SCREENSHOT;

let bot: RunningProcess;
let browser: Browser;
let page: Page;
let origin: string;

let missing: Error | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    missing = new Error(
      `The browser test needs Chromium at ${CHROMIUM}: install it (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH.`,
    );
    return;
  }
  const port = await freePort();
  origin = `http://localhost:${port}`;
  // `npm start` as a newcomer runs it: no keys, so dynalite, the Polytomic simulator and the local Slack.
  bot = startTsProcess('src/local/main.ts', { PORT: String(port), POLL_INTERVAL_SECONDS: '1' });
  await waitForHealth(`${origin}/healthz`, bot);
  browser = await chromium.launch({ executablePath: CHROMIUM });
  page = await browser.newPage({ timezoneId: BROWSER_ZONE, viewport: { width: 1280, height: 900 } });
  await page.goto(`${origin}/`);
}, 60_000);

// Without a browser every test fails with the reason, counted as failed, never skipped.
beforeEach(() => {
  if (missing) throw missing;
});

afterAll(async () => {
  await browser?.close();
  await bot?.kill();
});

/** The channel's top-level messages, in order (replies and previews sit inside their parent). */
const channelMessages = () => page.locator('#messages > article');
const send = async (text: string) => {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
};
/** Text as a person reads it: rendered, one line per line on the screen (what textContent cannot say). */
async function shownLines(element: Locator): Promise<string[]> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered lines are what the test asserts.
  const shown = await element.innerText();
  return shown.split('\n').filter((line) => line.trim() !== '');
}
/** A message's own lines (without its thread or previews). */
const linesOf = (message: Locator) => shownLines(message.locator(':scope > .main > .content'));

// Generous waits: in `npm test` the bot shares two cores with the other suites.
describe('the local Slack in a browser', { timeout: 90_000 }, () => {
  it('answers /polytomic status with the overview, in place of the acknowledgement, dates in the browser zone', async () => {
    await send('/polytomic status');
    const overview = channelMessages().filter({ has: page.getByRole('heading', { name: 'Polytomic syncs' }) });
    await expect.poll(() => overview.count(), { timeout: 30_000 }).toBe(1);
    // The ⏳ acknowledgement was replaced, not followed: one message, only for the person who asked.
    await expect.poll(() => channelMessages().count()).toBe(1);
    expect(await overview.locator(':scope > .main > .meta .note').allInnerTexts()).toEqual(['Only visible to you']);
    expect((await linesOf(overview))[1]).toMatch(/^15 syncs · \d+ failing · /);
    // A date token shows in the browser's zone, with Slack's format, not the UTC fallback the bot wrote.
    const date = overview.locator('time[data-ts]').first();
    const seconds = Number(await date.getAttribute('data-ts'));
    const inZone = new Date(seconds * 1000).toLocaleTimeString('en-US', {
      timeZone: BROWSER_ZONE,
      hour: 'numeric',
      minute: '2-digit',
    });
    expect(await shownLines(date)).toEqual([expect.stringContaining(inZone)]);
    expect((await shownLines(date))[0]).not.toContain('UTC');
  });

  it("opens a sync's card, redraws it in place on Update, and starts a run after the confirm dialog", async () => {
    await send('/polytomic status Webinar Attendees → HubSpot');
    const card = channelMessages().filter({ has: page.getByRole('heading', { name: 'Webinar Attendees → HubSpot' }) });
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1);
    expect(await card.locator('.actions > .control > button').allInnerTexts()).toEqual([
      'Update',
      'Start sync',
      'Pause',
      'Open in Polytomic',
      'Share in channel',
    ]);

    // Update: the bot answers through response_url with replace_original; the same message, where it was, is redrawn.
    await card.evaluate((message) => {
      message.dataset.marked = 'yes';
      (message.querySelector('.content > *') as HTMLElement).dataset.drawnBefore = 'yes';
    });
    await card.getByRole('button', { name: 'Update' }).click();
    const marked = page.locator('#messages > article[data-marked]');
    await expect.poll(() => marked.locator('[data-drawn-before]').count(), { timeout: 30_000 }).toBe(0);
    expect(await marked.getByRole('heading', { name: 'Webinar Attendees → HubSpot' }).count()).toBe(1);
    expect(await card.count()).toBe(1);

    await card.getByRole('button', { name: 'Start sync' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await shownLines(dialog)).toEqual([
      'Start a run?',
      'Start a run of Webinar Attendees → HubSpot now, outside its schedule?',
      'Not now',
      'Start',
    ]);
    await dialog.getByRole('button', { name: 'Start', exact: true }).click();
    await expect
      .poll(async () => (await linesOf(card)).find((line) => line.includes('started a run')), { timeout: 30_000 })
      .toMatch(/^▶️ @local\.user started a run at \d{1,2}:\d{2} [AP]M\.$/);
    expect(await card.locator('.actions > .control > button').allInnerTexts()).toEqual([
      'Update',
      'Start sync',
      'Cancel run',
      'Pause',
      'Open in Polytomic',
      'Share in channel',
    ]);
  });

  it('posts a refresh in the channel and shows its threaded reply when Polytomic is done', async () => {
    await send('/polytomic refresh Snowflake Warehouse');
    const asked = channelMessages().filter({ hasText: 'asked Polytomic to refresh the schema of Snowflake Warehouse' });
    await expect.poll(() => asked.count(), { timeout: 30_000 }).toBe(1);
    // The same message, however its words change.
    const parent = page.locator(`#messages > article[data-entry="${await asked.getAttribute('data-entry')}"]`);
    expect(await parent.locator(':scope > .main > .meta .note').count()).toBe(0);
    // The answer only the person sees links to the message in the channel: the link leads to it on the page.
    const link = channelMessages().getByRole('link', { name: 'this message' });
    await expect.poll(() => link.count(), { timeout: 30_000 }).toBe(1);
    await link.click();
    expect(await parent.getAttribute('class')).toBe('message app linked');
    // The simulated refresh takes 20 s; the poller (every second here) replies in the thread.
    const reply = parent.locator(':scope > .main > .replies > article');
    await expect.poll(() => reply.count(), { timeout: 50_000 }).toBe(1);
    expect((await linesOf(reply))[0]).toMatch(
      /^✅ The schema of Snowflake Warehouse \(Snowflake\) is fresh\. Polytomic took 2\ds\.$/,
    );
    // And the parent is updated in place to say so.
    await expect
      .poll(async () => (await linesOf(parent))[0], { timeout: 10_000 })
      .toMatch(
        /^✅ The schema of Snowflake Warehouse \(Snowflake\) was refreshed in 2\ds \(asked by @local\.user\)\.$/,
      );
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });
  });

  it("previews a posted link to a sync under the person's message, with the sync's card", async () => {
    await send(`Is this one late? ${origin}/_sim/polytomic/syncs/5c000000-0000-4000-8000-000000000007`);
    const mine = channelMessages().filter({ hasText: 'Is this one late?' });
    await expect.poll(() => mine.count()).toBe(1);
    expect((await shownLines(mine.locator(':scope > .main > .meta')))[0]).toBe('local.user');
    const preview = mine.locator(':scope > .main > .attachments > article');
    await expect
      .poll(() => preview.getByRole('heading', { name: 'Orders to Snowflake' }).count(), { timeout: 30_000 })
      .toBe(1);
  });

  it('shows hostile text from a message as text: no element, no script', async () => {
    await send('/polytomic status <img src=x onerror="window.pwned=1"> <b>bold</b>');
    const answer = channelMessages().filter({ hasText: "I couldn't find a sync called" });
    await expect.poll(() => answer.count(), { timeout: 30_000 }).toBe(1);
    expect((await linesOf(answer))[0]).toBe(
      `I couldn't find a sync called <img src=x onerror="window.pwned=1"> <b>bold</b>.`,
    );
    // The bot's own bold around the name is the only element; nothing of the name became one.
    expect(await answer.locator('.content b').allTextContents()).toEqual([
      '<img src=x onerror="window.pwned=1"> <b>bold</b>',
    ]);
    expect(await answer.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
  });

  it("opens the Home tab: every sync at a glance, and a sync's card on Details", async () => {
    await page.getByRole('button', { name: 'Polytomic · Home' }).click();
    const home = page.locator('#home-view');
    await expect.poll(() => home.getByRole('button', { name: 'Refresh' }).count(), { timeout: 30_000 }).toBe(1);
    expect((await shownLines(home))[1]).toMatch(/^15 syncs · /);
    // Details: a press from the Home view (no channel, no response_url), answered by publishing the Home again.
    await home.getByRole('button', { name: 'Details' }).first().click();
    await expect.poll(() => home.getByRole('button', { name: 'Update' }).count(), { timeout: 30_000 }).toBe(1);
  });

  it('keeps an open Home tab current: a watch set from another tab shows on it, under the card it had', async () => {
    const home = page.locator('#home-view');
    const watchesShown = async () =>
      (await shownLines(home)).filter((line) => line.includes('Watches') && line.includes('Orders to Snowflake'))
        .length;
    expect(await watchesShown()).toBe(0);
    // Someone else, in the channel, while this tab stays on the Home (it opens no Home of its own).
    const other = await browser.newPage({ timezoneId: BROWSER_ZONE });
    try {
      await other.goto(`${origin}/`);
      await other.getByRole('textbox', { name: 'Message' }).fill('/polytomic watch Orders to Snowflake');
      await other.getByRole('textbox', { name: 'Message' }).press('Enter');
      // Republishes begin 30 s apart at most, and the poller ticks each second here.
      await expect.poll(watchesShown, { timeout: 60_000 }).toBe(1);
      expect(await home.getByRole('button', { name: 'Update' }).count()).toBe(1);
    } finally {
      await other.close();
    }
  });
});

async function waitForHealth(url: string, process: RunningProcess): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`npm start did not answer at ${url}:\n${process.tail().join('\n')}`);
}
