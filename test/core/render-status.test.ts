import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/lib/core/message.js';
import { renderAmbiguous, renderNotFound } from '../../src/lib/core/render-names.js';
import {
  describeSyncSchedule,
  renderSyncOverview,
  renderSyncStatus,
  startSyncButton,
  syncChoice,
} from '../../src/lib/core/render-status.js';
import type { RunSummary, SyncRef, SyncStatus } from '../../src/lib/core/sync.js';
import { buttonsOf, visibleLines } from '../support/visible.js';

const sync: SyncRef = {
  id: '11111111-2222-4333-8444-555555555555',
  name: 'Orders <prod> & more',
  kind: 'model',
  active: true,
  schedule: { frequency: 'hourly', minute: '15' },
};
const run = (overrides: Partial<RunSummary> = {}): RunSummary => ({
  id: 'e1',
  status: 'completed',
  startedAt: '2026-11-23T09:00:00Z',
  completedAt: '2026-11-23T09:04:30Z',
  counts: { total: 1200, inserted: 200, updated: 1000, errored: 0 },
  errors: [],
  ...overrides,
});
const sectionTexts = (blocks: KnownBlock[] = []) =>
  blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
const fieldTexts = (blocks: KnownBlock[] = []) =>
  blocks.flatMap((b) => (b.type === 'section' && b.fields ? b.fields.map((f) => f.text) : []));
const date = (iso: string) =>
  `<!date^${Date.parse(iso) / 1000}^{date_short_pretty} at {time}|${iso.replace('T', ' ').replace('Z', ' UTC')}>`;

describe('renderSyncStatus', () => {
  const render = (status: SyncStatus, overrides: Partial<SyncRef> = {}) =>
    renderSyncStatus({
      sync: { ...sync, ...overrides },
      status,
      polytomicUrl: 'https://app.polytomic.com',
      asOf: Date.parse('2026-11-23T10:00:00Z'),
    });

  it('shows kind, state, schedule, next run as a date token, and the last run with counts and duration', () => {
    const message = render({ last: run(), nextRunAt: '2026-11-23T11:00:00Z' });
    expect(message.blocks?.[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Orders <prod> & more', emoji: false },
    });
    expect(fieldTexts(message.blocks)).toEqual([
      '*Kind*\nModel sync',
      `*State*\n:large_green_circle: completed ${date('2026-11-23T09:04:30Z')}`,
      '*Schedule*\nhourly at :15',
      `*Next run*\n${date('2026-11-23T11:00:00Z')}`,
    ]);
    expect(sectionTexts(message.blocks)[0]).toBe(
      `*Last run* :large_green_circle: completed ${date('2026-11-23T09:04:30Z')} (took 4m 30s)\n1,200 records · 200 inserted · 1,000 updated`,
    );
    expect(message.text).toBe(
      `:large_green_circle: Orders &lt;prod&gt; &amp; more (model sync): completed ${date('2026-11-23T09:04:30Z')}`,
    );
  });

  it('escapes names and errors from Polytomic in mrkdwn, so they cannot mention or link', () => {
    const message = render({ last: run({ status: 'failed', errors: ['<!channel> bad <http://evil|link> & co'] }) });
    const lines = visibleLines(message);
    expect(lines).toContain('> &lt;!channel&gt; bad `&lt;http://evil|link&gt;` &amp; co');
    expect(lines.join('\n')).not.toContain('<!channel>');
  });

  it('shows the run in progress with its start time, before the last run', () => {
    const message = render({
      current: run({ status: 'running', completedAt: undefined, counts: { total: 50 } }),
      last: run(),
    });
    const sections = sectionTexts(message.blocks);
    const runningIndex = sections.findIndex((s) => s.startsWith('*Running now*'));
    const lastIndex = sections.findIndex((s) => s.startsWith('*Last run*'));
    expect(runningIndex).toBeGreaterThanOrEqual(0);
    expect(runningIndex).toBeLessThan(lastIndex);
    expect(sections[runningIndex]).toBe(
      `*Running now* :arrows_counterclockwise: running since ${date('2026-11-23T09:00:00Z')}\n50 records`,
    );
  });

  it('shows three errors and counts the rest', () => {
    const errors = Array.from({ length: 7 }, (_, i) => `row ${i} rejected`);
    const lines = visibleLines(render({ last: run({ status: 'failed', errors }) }));
    expect(lines.slice(lines.indexOf('*Errors*'), lines.indexOf('[Update]'))).toEqual([
      '*Errors*',
      '> row 0 rejected',
      '> row 1 rejected',
      '> row 2 rejected',
      '_…and 4 more in Polytomic_',
    ]);
  });

  it('shows the last runs as a strip, newest first: one icon each with its duration, elapsed for the one running', () => {
    const recentRuns = [
      run({ status: 'queued', startedAt: undefined, completedAt: undefined, createdAt: '2026-11-23T09:59:00Z' }),
      run({ status: 'running', startedAt: '2026-11-23T09:55:30Z', completedAt: undefined }),
      run({ status: 'failed', startedAt: '2026-11-23T09:00:00Z', completedAt: '2026-11-23T09:00:12Z' }),
      run({ counts: { errored: 3 }, startedAt: '2026-11-23T08:00:00Z', completedAt: '2026-11-23T08:04:00Z' }),
      run({ status: 'canceled', startedAt: '2026-11-23T07:00:00Z', completedAt: '2026-11-23T09:05:00Z' }),
      run({ status: 'mystery', startedAt: '2026-11-23T06:00:00Z', completedAt: undefined }),
      run(),
    ];
    const message = renderSyncStatus({
      sync,
      status: { last: run() },
      recentRuns,
      polytomicUrl: 'https://app.polytomic.com',
      asOf: Date.parse('2026-11-23T10:00:00Z'),
    });
    expect(visibleLines(message).slice(9)).toEqual([
      `*Last run* :large_green_circle: completed ${date('2026-11-23T09:04:30Z')} (took 4m 30s)`,
      '1,200 records · 200 inserted · 1,000 updated',
      'Recent runs, newest first: :hourglass: · :arrows_counterclockwise: 4m 30s · :red_circle: 12s · :large_yellow_circle: 4m · :no_entry_sign: 2h 5m · :grey_question: · :large_green_circle: 4m 30s',
      '[Update]',
      '[Start sync]',
      '[Pause]',
      '[Open in Polytomic]',
      `Model sync \`${sync.id}\` · as of <!date^${Date.parse('2026-11-23T10:00:00Z') / 1000}^{time}|2026-11-23 10:00:00 UTC>`,
    ]);
    const context = message.blocks?.find((b) => b.type === 'context' && JSON.stringify(b).includes('Recent runs'));
    expect(context).toMatchObject({ elements: [{ type: 'mrkdwn' }] });
  });

  it('shows no strip when the runs could not be listed or there are none', () => {
    const strip = (recentRuns?: RunSummary[]) =>
      visibleLines(
        renderSyncStatus({
          sync,
          status: { last: run() },
          recentRuns,
          polytomicUrl: 'https://app.polytomic.com',
          asOf: Date.parse('2026-11-23T10:00:00Z'),
        }),
      ).filter((line) => line.startsWith('Recent runs'));
    expect(strip(undefined)).toEqual([]);
    expect(strip([])).toEqual([]);
    expect(strip([run()])).toEqual(['Recent runs, newest first: :large_green_circle: 4m 30s']);
  });

  it('says a paused sync has no next run and a new sync has not run', () => {
    const message = render({}, { active: false });
    expect(fieldTexts(message.blocks)).toContain('*State*\n:double_vertical_bar: paused');
    expect(fieldTexts(message.blocks)).toContain('*Next run*\nNone while paused');
    expect(sectionTexts(message.blocks).slice(0, 2)).toEqual([
      ':double_vertical_bar: *Paused*: no scheduled runs until someone resumes it.',
      '*Last run* :white_circle: never run',
    ]);
  });

  it('says plainly that a paused sync with a run going on is paused, and that the run goes on', () => {
    const running = run({ status: 'running', startedAt: '2026-11-23T09:55:30Z', completedAt: undefined });
    const lines = visibleLines(render({ current: running }, { active: false }));
    expect(lines).toContain(
      ':double_vertical_bar: *Paused*: no scheduled runs until someone resumes it. The run in progress goes on.',
    );
    expect(lines.filter((line) => line.startsWith('['))).toEqual([
      '[Update]',
      '[Cancel run]',
      '[Resume]',
      '[Open in Polytomic]',
    ]);
  });

  it('offers Pause on an active sync and Resume on a paused one, each behind a confirm and carrying the card’s drawing time', () => {
    const asOf = Date.parse('2026-11-23T10:00:00Z');
    const button = (active: boolean, actionId: string) => {
      const block = render({}, { active }).blocks!.find((b) => b.type === 'actions');
      return block?.type === 'actions'
        ? block.elements.find((e) => 'action_id' in e && e.action_id === actionId)
        : undefined;
    };
    expect(button(true, 'sync_pause')).toMatchObject({
      value: `model:${sync.id}:${asOf}`,
      confirm: {
        title: { text: 'Pause the sync?' },
        text: {
          text: 'Pause *Orders &lt;prod&gt; &amp; more*? Its scheduled runs stop until someone resumes it; a run in progress goes on.',
        },
        confirm: { text: 'Pause' },
      },
    });
    expect(button(true, 'sync_resume')).toBeUndefined();
    expect(button(false, 'sync_resume')).toMatchObject({
      value: `model:${sync.id}:${asOf}`,
      style: 'primary',
      confirm: { title: { text: 'Resume the sync?' }, confirm: { text: 'Resume' } },
    });
    expect(button(false, 'sync_pause')).toBeUndefined();
  });

  it('offers Cancel run only while a run is in progress, a queued one included', () => {
    const actions = (status: SyncStatus) => {
      const block = render(status).blocks!.find((b) => b.type === 'actions');
      return block?.type === 'actions' ? block.elements.map((e) => ('action_id' in e ? e.action_id : undefined)) : [];
    };
    expect(actions({ current: run({ status: 'queued', startedAt: undefined, completedAt: undefined }) })).toContain(
      'sync_cancel',
    );
    expect(actions({ last: run() })).not.toContain('sync_cancel');
  });

  it('links to the sync in Polytomic, bulk syncs under their own path', () => {
    const link = (message: SlackMessage) => buttonsOf(message).find((b) => b.label === 'Open in Polytomic')?.url;
    expect(link(render({}))).toBe(`https://app.polytomic.com/syncs/${sync.id}`);
    expect(link(render({}, { kind: 'bulk' }))).toBe(`https://app.polytomic.com/bulk/syncs/${sync.id}`);
  });

  it('shows each schedule with its times, in UTC, and says when Polytomic gave none', () => {
    expect(describeSyncSchedule(undefined)).toBe('Not set');
    expect(describeSyncSchedule({ frequency: 'manual' })).toBe('manual');
    expect(describeSyncSchedule({ frequency: 'hourly', minute: '5' })).toBe('hourly at :05');
    expect(describeSyncSchedule({ frequency: 'daily', minute: '30', hour: '9' })).toBe('daily at 09:30 UTC');
    expect(describeSyncSchedule({ frequency: 'weekly', minute: '30', hour: '14', dayOfWeek: 'wednesday' })).toBe(
      'weekly on wednesday at 14:30 UTC',
    );
    expect(describeSyncSchedule({ frequency: 'custom', minute: '*/15', hour: '8-18', dayOfWeek: '1-5' })).toBe(
      'custom: `*/15 8-18 * * 1-5` (cron, UTC)',
    );
    expect(describeSyncSchedule({ frequency: 'custom' })).toBe('custom (Polytomic gave no times)');
    expect(describeSyncSchedule({ frequency: 'runafter<x>' })).toBe('runafter&lt;x&gt;');
  });

  it('keeps every section within 3000 characters even with huge errors', () => {
    const message = render({ last: run({ status: 'failed', errors: ['x'.repeat(10_000), 'y'.repeat(10_000)] }) });
    for (const text of sectionTexts(message.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
  });
});

describe('renderSyncOverview', () => {
  const ref = (i: number, overrides: Partial<SyncRef> = {}): SyncRef => ({
    id: `id-${i}`,
    name: `Sync ${String(i).padStart(3, '0')}`,
    kind: 'model',
    active: true,
    ...overrides,
  });

  it('lists failing syncs first, then warnings, running, unknown, healthy and paused, with a tally', () => {
    const message = renderSyncOverview(
      [
        { sync: ref(1), status: { last: run() } },
        { sync: ref(2), status: { current: run({ status: 'running' }), last: run() } },
        { sync: ref(3), status: { last: run({ status: 'failed' }) } },
        { sync: ref(4), status: { last: run({ counts: { errored: 3 } }) } },
        { sync: ref(5) },
        { sync: ref(6, { active: false }), status: { last: run({ status: 'failed' }) } },
      ],
      '/polytomic',
    );
    const names = sectionTexts(message.blocks)[1]!
      .split('\n')
      .map((line) => /\*(Sync \d+)\*/.exec(line)?.[1]);
    expect(names).toEqual(['Sync 003', 'Sync 004', 'Sync 002', 'Sync 005', 'Sync 001', 'Sync 006']);
    expect(sectionTexts(message.blocks)[0]).toBe(
      '*6 syncs* · 1 failing · 1 with warnings · 1 running · 1 unknown · 1 healthy · 1 paused',
    );
    expect(sectionTexts(message.blocks)[1]!.split('\n')[3]).toBe(
      ':grey_question: *Sync 005* · model · status unavailable',
    );
  });

  it('shows at most 40 rows for 600 syncs, within Block Kit limits, and counts the rest', () => {
    const rows = Array.from({ length: 600 }, (_, i) => ({
      sync: ref(i, { name: `A rather long sync name number ${i} from Salesforce to Snowflake` }),
      status: { last: run({ status: i % 10 === 0 ? 'failed' : 'completed' }) },
    }));
    const message = renderSyncOverview(rows, '/polytomic');
    expect(message.blocks!.length).toBeLessThanOrEqual(50);
    for (const text of sectionTexts(message.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    const shown = sectionTexts(message.blocks).slice(1).join('\n').split('\n');
    expect(shown).toHaveLength(40);
    expect(shown.every((line) => line.startsWith(':red_circle:'))).toBe(true);
    expect(visibleLines({ blocks: message.blocks!.slice(-1) })).toEqual([
      '…and 560 more not shown (20 failing). Use `/polytomic status <sync>` for one sync.',
    ]);
  });

  it('says when there are no syncs at all', () => {
    expect(renderSyncOverview([], '/polytomic').text).toBe('There are no syncs in this Polytomic organisation yet.');
  });
});

describe('not found and ambiguous answers', () => {
  const usage = '/polytomic status';
  it('offers close names as commands to copy', () => {
    const message = renderNotFound({
      noun: 'sync',
      query: 'ordrs',
      usage,
      suggestions: [syncChoice({ ...sync, name: 'Orders' })],
      listHint: 'hint',
    });
    expect(sectionTexts(message.blocks)[0]).toBe(
      "I couldn't find a sync called *ordrs*. Did you mean:\n• `/polytomic status Orders` (model sync)",
    );
  });

  it('gives the hint to list everything when nothing is close', () => {
    const message = renderNotFound({
      noun: 'connection',
      query: 'zzz',
      usage,
      suggestions: [],
      listHint: 'Use `/polytomic connection` to see every connection.',
    });
    expect(visibleLines(message)).toEqual([
      "I couldn't find a connection called *zzz*.",
      'Use `/polytomic connection` to see every connection.',
    ]);
  });

  it('lists each same-named sync with its kind and id', () => {
    const matches = [sync, { ...sync, id: 'other-id', kind: 'bulk' as const, active: false }].map(syncChoice);
    expect(visibleLines(renderAmbiguous({ noun: 'sync', query: 'daily', usage, matches }))).toEqual([
      '2 syncs are called *daily*. Pick one by id:',
      `• Model sync: \`/polytomic status ${sync.id}\``,
      '• Bulk sync (paused): `/polytomic status other-id`',
    ]);
  });
});

describe('the Start sync button', () => {
  it("keeps its confirm text within Slack's 300 characters however the name escapes, without cutting an entity", () => {
    const name = '<&>'.repeat(150);
    const { confirm } = startSyncButton({ id: sync.id, kind: 'model', name });
    expect(confirm.text.text.length).toBeLessThanOrEqual(300);
    expect(confirm.text.text).toMatch(
      /^Start a run of \*(&lt;&amp;&gt;)+(&lt;|&lt;&amp;|)…\* now, outside its schedule\?$/,
    );
  });
});
