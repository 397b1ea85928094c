import type { KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { AlertEntry } from '../../src/lib/core/alerts.js';
import type { SlackMessage } from '../../src/lib/core/message.js';
import { slackDate } from '../../src/lib/core/mrkdwn.js';
import { renderFailureAlert, renderFinishedRuns, renderRecovery } from '../../src/lib/core/render-alerts.js';
import { renderConnectionCard } from '../../src/lib/core/render-connection.js';
import type { DigestRow } from '../../src/lib/core/render-digest.js';
import { renderDigest } from '../../src/lib/core/render-digest.js';
import { renderSyncOverview, renderSyncStatus } from '../../src/lib/core/render-status.js';
import type { RunSummary, SyncRef, SyncStatus } from '../../src/lib/core/sync.js';

// Every state a sync can be in, each run through every renderer that shows sync states. The expected icon
// and words are written out here, not taken from the module under test, so a renderer that drifts fails.

const STARTED = '2026-11-23T09:00:00Z';
const CREATED = '2026-11-23T08:59:00Z';
const ENDED = '2026-11-23T09:04:30Z';
const LONG_AGO = '2026-11-20T06:00:00Z';
const on = (iso: string) => slackDate(iso)!;

const run = (overrides: Partial<RunSummary>): RunSummary => ({
  id: 'e1',
  status: 'completed',
  startedAt: STARTED,
  completedAt: ENDED,
  counts: { total: 10 },
  errors: [],
  ...overrides,
});
const earlier = run({ startedAt: LONG_AGO, completedAt: LONG_AGO });

interface StateCase {
  name: string;
  active?: boolean;
  /** Undefined: Polytomic would not give the status. */
  status: SyncStatus | undefined;
  icon: string;
  /** The words and time a person reads after the icon. */
  text: string;
  /** How the count of syncs in this state is worded in the overview's and the digest's tallies. */
  counted: string;
  /** For states a finished-run event reports: the alert outcome. */
  outcome?: AlertEntry['outcome'];
}

const CASES: StateCase[] = [
  {
    name: 'running',
    status: { current: run({ status: 'running', completedAt: undefined }), last: earlier },
    icon: ':arrows_counterclockwise:',
    text: `running since ${on(STARTED)}`,
    counted: 'running',
  },
  {
    name: 'queued',
    status: {
      current: run({ status: 'queued', createdAt: CREATED, startedAt: undefined, completedAt: undefined }),
      last: earlier,
    },
    icon: ':hourglass:',
    text: `queued since ${on(CREATED)}`,
    counted: 'queued',
  },
  {
    name: 'completed',
    status: { last: run({}) },
    icon: ':large_green_circle:',
    text: `completed ${on(ENDED)}`,
    counted: 'healthy',
    outcome: 'completed',
  },
  {
    name: 'completed with errored records',
    status: { last: run({ counts: { total: 10, errored: 3 } }) },
    icon: ':large_yellow_circle:',
    text: `completed with warnings ${on(ENDED)}`,
    counted: 'with warnings',
    outcome: 'warning',
  },
  {
    name: 'completed with warnings counted',
    status: { last: run({ counts: { total: 10, warnings: 2 } }) },
    icon: ':large_yellow_circle:',
    text: `completed with warnings ${on(ENDED)}`,
    counted: 'with warnings',
  },
  {
    name: 'completed_with_errors',
    status: { last: run({ status: 'completed_with_errors' }) },
    icon: ':large_yellow_circle:',
    text: `completed with warnings ${on(ENDED)}`,
    counted: 'with warnings',
  },
  {
    name: 'failed',
    status: { last: run({ status: 'failed', errors: ['warehouse suspended'] }) },
    icon: ':red_circle:',
    text: `failed ${on(ENDED)}`,
    counted: 'failing',
    outcome: 'failed',
  },
  {
    name: 'interrupted',
    status: { last: run({ status: 'interrupted' }) },
    icon: ':red_circle:',
    text: `failed ${on(ENDED)}`,
    counted: 'failing',
  },
  {
    name: 'canceled',
    status: { last: run({ status: 'canceled' }) },
    icon: ':no_entry_sign:',
    text: `canceled ${on(ENDED)}`,
    counted: 'canceled',
  },
  {
    name: 'paused after a clean run',
    active: false,
    status: { last: run({}) },
    icon: ':double_vertical_bar:',
    text: 'paused',
    counted: 'paused',
  },
  {
    name: 'paused after a failure',
    active: false,
    status: { last: run({ status: 'failed' }) },
    icon: ':double_vertical_bar:',
    text: 'paused',
    counted: 'paused',
  },
  { name: 'never run', status: {}, icon: ':white_circle:', text: 'never run', counted: 'never run' },
  {
    name: 'status unavailable',
    status: undefined,
    icon: ':grey_question:',
    text: 'status unavailable',
    counted: 'unknown',
  },
];

const sync = (c: StateCase): SyncRef => ({
  id: '11111111-2222-4333-8444-555555555555',
  name: `Sync ${c.name}`,
  kind: 'model',
  active: c.active ?? true,
});
// How the name reads in mrkdwn: its underscores (from the case names) are shown as lookalikes, never as italics.
const shown = (c: StateCase) => `Sync ${c.name.replace(/_/g, 'ˍ')}`;
const sectionTexts = (message: SlackMessage | undefined) =>
  (message?.blocks ?? []).flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
const linesOf = (message: SlackMessage | undefined) => sectionTexts(message).flatMap((t) => t.split('\n'));
const fieldOf = (blocks: KnownBlock[] | undefined, label: string) =>
  (blocks ?? [])
    .flatMap((b) => (b.type === 'section' ? ((b as SectionBlock).fields ?? []) : []))
    .find((f) => f.text.startsWith(`*${label}*\n`))
    ?.text.slice(label.length + 3);
const tally = (line: string) => line.split(/: | · /);

describe.each(CASES)('a sync that is $name', (c) => {
  const row = { sync: sync(c), status: c.status };

  it.skipIf(c.status === undefined)('shows its state on the sync card, and in the notification text', () => {
    const card = renderSyncStatus({
      sync: row.sync,
      status: c.status!,
      polytomicUrl: 'https://p',
      asOf: Date.parse(ENDED),
    });
    expect(fieldOf(card.blocks, 'State')).toBe(`${c.icon} ${c.text}`);
    expect(card.text).toBe(`${c.icon} ${shown(c)} (model sync): ${c.text}`);
  });

  it('shows its state in the overview, and counts it', () => {
    const overview = renderSyncOverview([row], '/polytomic');
    const [summary, list] = sectionTexts(overview);
    expect(list).toBe(`${c.icon} *${shown(c)}* · model · ${c.text}`);
    expect(tally(summary!)).toContain(`1 ${c.counted}`);
  });

  it('shows its state in the digest thread, and counts it in the digest', () => {
    // A failing companion makes the digest a full one, with its counts and its thread, whatever the state.
    const companion: DigestRow = {
      sync: { id: '99999999-2222-4333-8444-555555555555', name: 'Companion', kind: 'model', active: true },
      status: { last: run({ status: 'failed' }) },
    };
    const digest = renderDigest({
      subscription: { schedule: { every: 'daily', hour: 9, minute: 0, timeZone: 'UTC' }, scope: { kind: 'all' } },
      rows: [row, companion],
      polytomicUrl: 'https://p',
    });
    const count = c.counted === 'failing' ? '2 failing' : `1 ${c.counted}`;
    expect(tally(sectionTexts(digest.message)[0]!)).toContain(count);
    expect(tally(digest.message!.text)).toContain(count);
    expect(linesOf(digest.details)).toContain(`${c.icon} <https://p/syncs/${row.sync.id}|${shown(c)}> · ${c.text}`);
  });

  it.runIf(c.outcome)('shows its state in alerts, as the event reports it', () => {
    const entry: AlertEntry = {
      eventId: 'ev',
      at: Date.parse(ENDED),
      syncId: row.sync.id,
      syncName: row.sync.name,
      syncKind: 'model',
      outcome: c.outcome!,
      error: 'boom',
    };
    if (c.outcome === 'failed') {
      expect(linesOf(renderFailureAlert(entry, 'https://p'))[0]).toBe(`${c.icon} *${shown(c)}* (model sync) ${c.text}`);
    } else {
      expect(linesOf(renderFinishedRuns([entry]))).toEqual([`${c.icon} *${shown(c)}* ${c.text}`]);
      expect(linesOf(renderRecovery(entry))).toEqual([`:white_check_mark: *${shown(c)}* recovered: ${c.text}.`]);
    }
  });
});

describe('states on the other renderers', () => {
  it('gives a failing sync in the digest its state and its error', () => {
    const failed = CASES.find((c) => c.name === 'failed')!;
    const digest = renderDigest({
      subscription: { schedule: { every: 'daily', hour: 9, minute: 0, timeZone: 'UTC' }, scope: { kind: 'all' } },
      rows: [{ sync: sync(failed), status: failed.status }],
      polytomicUrl: 'https://p',
    });
    expect(linesOf(digest.message)).toContain(
      `:red_circle: *Sync failed* (model sync) · failed ${on(ENDED)} · <https://p/syncs/${sync(failed).id}|Open in Polytomic>`,
    );
  });

  it('colours a connection card with the same icons: green when healthy, red otherwise', () => {
    const card = (status: string) => renderConnectionCard({ connection: { id: 'c1', name: 'Warehouse', status } });
    expect(fieldOf(card('healthy').blocks, 'Health')).toBe(':large_green_circle: healthy');
    expect(fieldOf(card('unhealthy').blocks, 'Health')).toBe(':red_circle: unhealthy');
  });

  it('says a queued run once on the card: "queued since", not "queued, queued"', () => {
    const queued = CASES.find((c) => c.name === 'queued')!;
    const card = renderSyncStatus({
      sync: sync(queued),
      status: queued.status!,
      polytomicUrl: 'https://p',
      asOf: Date.parse(ENDED),
    });
    const running = sectionTexts(card).find((t) => t.startsWith('*Running now*'));
    expect(running).toBe(`*Running now* :hourglass: queued since ${on(CREATED)}\n10 records`);
  });

  it('writes an unrecognised run status as Polytomic gave it, escaped, with a question mark', () => {
    const card = renderSyncStatus({
      sync: sync(CASES[0]!),
      status: { last: run({ status: 'rebalancing <soon>' }) },
      polytomicUrl: 'https://p',
      asOf: Date.parse(ENDED),
    });
    expect(fieldOf(card.blocks, 'State')).toBe(`:grey_question: rebalancing &lt;soon&gt; ${on(ENDED)}`);
  });
});

// Each of these was reported by a person trying the bot; they are written so that they read the same
// whatever date format the renderers use.
describe('states a user saw shown wrongly', () => {
  const digestOf = (rows: DigestRow[]) =>
    renderDigest({
      subscription: { schedule: { every: 'daily', hour: 9, minute: 0, timeZone: 'UTC' }, scope: { kind: 'all' } },
      rows,
      polytomicUrl: 'https://p',
    });
  const ref = (name: string, active = true): SyncRef => ({
    id: `00000000-0000-4000-8000-00000000000${name.length % 10}`,
    name,
    kind: 'model',
    active,
  });

  it('lists a running sync in the digest thread as running since its start, not as "completed <old time>"', () => {
    const digest = digestOf([
      { sync: ref('Busy'), status: { current: run({ status: 'running', completedAt: undefined }), last: earlier } },
    ]);
    const line = linesOf(digest.details).find((l) => l.includes('|Busy>'));
    expect(line).toMatch(/^:arrows_counterclockwise: <[^>]+\|Busy> · running since <!date\^/);
    expect(line).not.toContain('completed');
  });

  it('shows a run that completed with warnings in yellow, and the digest counts it "with warnings"', () => {
    const status = { last: run({ counts: { total: 10, warnings: 4 } }) };
    const card = renderSyncStatus({ sync: ref('Noisy'), status, polytomicUrl: 'https://p', asOf: Date.parse(ENDED) });
    expect(fieldOf(card.blocks, 'State')).toMatch(/^:large_yellow_circle: completed with warnings /);
    expect(tally(digestOf([{ sync: ref('Noisy'), status }]).message!.text)).toContain('1 with warnings');
  });

  it('never gives a paused sync a green circle', () => {
    const row = { sync: ref('Resting', false), status: { last: run({}) } };
    const card = renderSyncStatus({ ...row, polytomicUrl: 'https://p', asOf: Date.parse(ENDED) });
    const shownLines = [
      fieldOf(card.blocks, 'State'),
      sectionTexts(renderSyncOverview([row], '/polytomic'))[1],
      ...linesOf(digestOf([row, { sync: ref('Broken'), status: { last: run({ status: 'failed' }) } }]).details).filter(
        (l) => l.includes('Resting'),
      ),
    ];
    expect(shownLines).toHaveLength(3);
    for (const line of shownLines) {
      expect(line).toMatch(/^:double_vertical_bar: /);
      expect(line).not.toContain(':large_green_circle:');
    }
  });

  it('shows the times of a custom schedule, as the cron expression Polytomic gives, in UTC', () => {
    const sync: SyncRef = { ...ref('Cron'), schedule: { frequency: 'custom', minute: '10', hour: '0,6,12,18' } };
    const card = renderSyncStatus({ sync, status: {}, polytomicUrl: 'https://p', asOf: Date.parse(ENDED) });
    expect(fieldOf(card.blocks, 'Schedule')).toBe('custom: `10 0,6,12,18 * * *` (cron, UTC)');
  });

  it('says a queued run is queued once, not "queued, queued"', () => {
    const status = {
      current: run({ status: 'queued', createdAt: CREATED, startedAt: undefined, completedAt: undefined }),
    };
    const card = renderSyncStatus({ sync: ref('Waiting'), status, polytomicUrl: 'https://p', asOf: Date.parse(ENDED) });
    const running = sectionTexts(card).find((t) => t.startsWith('*Running now*'))!;
    expect(running.split('\n')[0]).toMatch(/^\*Running now\* :hourglass: queued since <!date\^\d+\^[^>]+>$/);
    expect(running.match(/queued/g)).toHaveLength(1);
  });
});
