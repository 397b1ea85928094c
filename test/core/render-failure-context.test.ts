import { describe, expect, it } from 'vitest';
import type { AlertEntry } from '../../src/lib/core/alerts.js';
import { FAILURE_ACTIONS, parseRunValue, runValue } from '../../src/lib/core/buttons.js';
import { summariseFailure, tablesStillFailing } from '../../src/lib/core/failure-context.js';
import { renderFailureAlert, renderGroupedFailures, renderRepeatFailure } from '../../src/lib/core/render-alerts.js';
import { renderConsoleLog, renderErroredRecords } from '../../src/lib/core/render-failure-context.js';
import { renderSyncStatus } from '../../src/lib/core/render-status.js';
import type { RunSummary, SyncRef } from '../../src/lib/core/sync.js';
import { buttonsOf, visibleLines } from '../support/visible.js';

const SYNC = '11111111-2222-4333-8444-555555555555';
const RUN = '66666666-7777-4888-9999-000000000000';
const AT = Date.parse('2026-11-23T10:00:00Z');
const POLYTOMIC = 'https://app.polytomic.com';
const DATE = '<!date^1795428000^{date_short_pretty} at {time}|2026-11-23 10:00:00 UTC>';

const modelRun = (overrides: Partial<RunSummary> = {}): RunSummary => ({
  id: RUN,
  status: 'failed',
  createdAt: '2026-11-23T09:58:00Z',
  counts: { total: 1500, inserted: 20, updated: 400, deleted: 3, errored: 7, warnings: 2 },
  errors: ['Salesforce API error: row lock timeout', 'row 12 rejected <b>', 'row 13 rejected', 'row 14', 'row 15'],
  ...overrides,
});
const bulkRun = (overrides: Partial<RunSummary> = {}): RunSummary => ({
  id: RUN,
  status: 'failed',
  statusMessage: '2 of 5 schemas failed',
  createdAt: '2026-11-23T09:20:00Z',
  counts: { total: 35000, errored: 0 },
  errors: ['2 of 5 schemas failed', 'Opportunity: INSUFFICIENT_ACCESS', 'Lead: timeout'],
  schemas: [
    { schema: 'Account', status: 'completed', records: 100 },
    { schema: 'Opportunity', status: 'failed', statusMessage: 'INSUFFICIENT_ACCESS: cannot read Opportunity' },
    { schema: 'Lead', status: 'failed' },
  ],
  ...overrides,
});
const entry = (overrides: Partial<AlertEntry> = {}): AlertEntry => ({
  eventId: 'e1',
  at: AT,
  syncId: SYNC,
  syncName: 'Account Health → Salesforce',
  syncKind: 'model',
  outcome: 'failed',
  error: 'Salesforce API error: row lock timeout',
  executionId: RUN,
  context: summariseFailure(modelRun()),
  ...overrides,
});

describe('the failure context an alert keeps', () => {
  it('keeps the counts, three errors cut short with how many there were, and no tables for a model run', () => {
    const context = summariseFailure(modelRun({ errors: ['x'.repeat(500), 'b', 'c', 'd'] }));
    expect(context).toEqual({
      executionId: RUN,
      counts: modelRun().counts,
      errors: [`${'x'.repeat(299)}…`, 'b', 'c'],
      errorCount: 4,
    });
  });

  it('keeps a bulk run’s status message as its error and its failed tables apart, at most ten', () => {
    const schemas = Array.from({ length: 12 }, (_, i) => ({ schema: `T${i}`, status: 'failed', statusMessage: 'no' }));
    const context = summariseFailure(bulkRun({ schemas }));
    expect(context.errors).toEqual(['2 of 5 schemas failed']);
    expect(context.failedTables).toHaveLength(10);
    expect(context.failedTables?.[0]).toEqual({ schema: 'T0', message: 'no' });
    expect(context.failedTableCount).toBe(12);
  });

  it('retries only the tables a later run has not synced since', () => {
    const later = bulkRun({
      id: 'later',
      createdAt: '2026-11-23T10:20:00Z',
      schemas: [{ schema: 'Opportunity', status: 'completed' }],
    });
    const earlier = bulkRun({ id: 'earlier', createdAt: '2026-11-23T08:20:00Z', schemas: [] });
    expect(tablesStillFailing(bulkRun(), [later, bulkRun(), earlier])).toEqual(['Lead']);
    expect(tablesStillFailing(bulkRun(), [earlier])).toEqual(['Opportunity', 'Lead']);
  });
});

describe('a run value', () => {
  it('reads back as written, and only as the kind a button asks for', () => {
    const run = { sync: { kind: 'bulk' as const, id: SYNC }, executionId: RUN };
    expect(parseRunValue(runValue(run))).toEqual(run);
    expect(parseRunValue(runValue(run), 'bulk')).toEqual(run);
    expect(parseRunValue(runValue(run), 'model')).toBeUndefined();
    for (const forged of [
      `bulk:${SYNC}`,
      `bulk:${SYNC}:${RUN}:x`,
      `bulk:${SYNC}:not-a-run`,
      `table:${SYNC}:${RUN}`,
      '',
    ])
      expect(parseRunValue(forged)).toBeUndefined();
  });
});

describe('a failure alert with its run’s context', () => {
  it('adds the counts, the run’s other errors, and Show log and Errored records under the error', () => {
    const message = renderFailureAlert(entry(), POLYTOMIC);
    expect(visibleLines(message)).toEqual([
      `:red_circle: *Account Health → Salesforce* (model sync) failed ${DATE}`,
      '> Salesforce API error: row lock timeout',
      '1,500 records · 20 inserted · 400 updated · 3 deleted · 7 errored · 2 warnings',
      '*Errors*',
      '> row 12 rejected &lt;b&gt;',
      '> row 13 rejected',
      '_…and 2 more in Polytomic_',
      '[Show log]',
      '[Errored records]',
      '[Start sync]',
      '[Pause sync]',
      '[Open in Polytomic]',
      'Further failures of this sync come as replies in this thread, and one reply when it recovers.',
    ]);
    const [log, records] = buttonsOf(message);
    expect(log).toMatchObject({ actionId: FAILURE_ACTIONS.showLog, value: `model:${SYNC}:${RUN}` });
    expect(records).toMatchObject({ actionId: FAILURE_ACTIONS.erroredRecords, value: `model:${SYNC}:${RUN}` });
  });

  it('lists a bulk run’s failed tables and offers to retry them, naming them in the confirm', () => {
    const message = renderFailureAlert(
      entry({
        syncKind: 'bulk',
        syncName: 'Salesforce → Snowflake',
        error: '2 of 5 schemas failed',
        context: summariseFailure(bulkRun()),
      }),
      POLYTOMIC,
    );
    expect(visibleLines(message).slice(1, 8)).toEqual([
      '> 2 of 5 schemas failed',
      '35,000 records',
      '*2 tables failed*',
      '• *Opportunity*: INSUFFICIENTˍACCESS: cannot read Opportunity',
      '• *Lead*',
      '[Show log]',
      '[Retry failed tables]',
    ]);
    expect(buttonsOf(message)[1]).toEqual({
      label: 'Retry failed tables',
      actionId: FAILURE_ACTIONS.retryTables,
      value: `bulk:${SYNC}:${RUN}`,
      url: undefined,
      confirm: 'Start a run of *Salesforce → Snowflake* for *Opportunity*, *Lead* only?',
    });
  });

  it('goes without context when none could be read, and without buttons when the event named no run', () => {
    const lines = visibleLines(renderFailureAlert(entry({ context: undefined, executionId: undefined }), POLYTOMIC));
    expect(lines.slice(1, 5)).toEqual([
      '> Salesforce API error: row lock timeout',
      '[Start sync]',
      '[Pause sync]',
      '[Open in Polytomic]',
    ]);
  });

  it('repeats the context and buttons in a repeat reply', () => {
    expect(visibleLines(renderRepeatFailure(entry({ context: summariseFailure(modelRun({ errors: [] })) })))).toEqual([
      `:red_circle: *Account Health → Salesforce* failed again ${DATE}: Salesforce API error: row lock timeout`,
      '1,500 records · 20 inserted · 400 updated · 3 deleted · 7 errored · 2 warnings',
      '[Show log]',
      '[Errored records]',
    ]);
  });

  it("keeps a grouped failure compact: a count of failed tables, no buttons of a run, only the group's own", () => {
    const bulk = entry({
      syncKind: 'bulk',
      syncName: 'B',
      error: 'tables failed',
      context: summariseFailure(bulkRun()),
    });
    const message = renderGroupedFailures([entry({ syncName: 'A' }), bulk], POLYTOMIC);
    expect(visibleLines(message).slice(1, 3)).toEqual([
      `• <${POLYTOMIC}/syncs/${SYNC}|A> (model): Salesforce API error: row lock timeout`,
      `• <${POLYTOMIC}/bulk/syncs/${SYNC}|B> (bulk): tables failed · 2 tables failed`,
    ]);
    expect(buttonsOf(message).map((b) => [b.label, b.actionId, b.value])).toEqual([
      ["I'm on it", 'alert_take_all', 'thread'],
      ['Release', 'alert_release_all', 'thread'],
      ['Snooze all ▾', 'alert_snooze_all', undefined],
    ]);
  });
});

describe('the sync card of a sync whose last run failed or warned', () => {
  const card = (sync: Partial<SyncRef>, last: RunSummary) =>
    renderSyncStatus({
      sync: { id: SYNC, name: 'S', kind: 'model', active: true, ...sync },
      status: { last },
      polytomicUrl: POLYTOMIC,
      asOf: AT,
    });
  const labels = (message: ReturnType<typeof card>) => buttonsOf(message).map((b) => b.label);

  it('offers the run’s buttons above the card’s own', () => {
    expect(labels(card({}, modelRun()))).toEqual([
      'Show log',
      'Errored records',
      'Update',
      'Start sync',
      'Pause',
      'Open in Polytomic',
    ]);
    expect(labels(card({}, modelRun({ status: 'completed', counts: { errored: 0, warnings: 4 } })))).toEqual([
      'Show log',
      'Update',
      'Start sync',
      'Pause',
      'Open in Polytomic',
    ]);
    expect(labels(card({ kind: 'bulk' }, bulkRun()))).toEqual([
      'Show log',
      'Retry failed tables',
      'Update',
      'Start sync',
      'Pause',
      'Open in Polytomic',
    ]);
  });

  it('offers none after a clean run', () => {
    expect(labels(card({}, modelRun({ status: 'completed', counts: { total: 5 }, errors: [] })))).toEqual([
      'Update',
      'Start sync',
      'Pause',
      'Open in Polytomic',
    ]);
  });
});

describe('the console log', () => {
  it('shows the entries newest last in a code block, one line each, in UTC', () => {
    const message = renderConsoleLog({
      sync: { id: SYNC, kind: 'model', name: 'Orders' },
      executionId: RUN,
      entries: [
        { at: '2026-11-23T09:58:01Z', level: 'info', message: 'Started' },
        { at: '2026-11-23T09:58:09Z', level: 'error', message: 'Row <1> & `two`\nfailed' },
      ],
    });
    expect(visibleLines(message)).toEqual([
      `:page_facing_up: Console log of *Orders*, run \`${RUN}\`: the last 2 entries, newest last (times in UTC)`,
      '```',
      '09:58:01 INFO Started',
      '09:58:09 ERROR Row &lt;1&gt; &amp; ˋtwoˋ failed',
      '```',
    ]);
  });

  it('packs 50 long entries into code blocks within Slack’s limits', () => {
    const entries = Array.from({ length: 60 }, (_, i) => ({ message: `${i} ${'x'.repeat(400)}` }));
    const message = renderConsoleLog({ sync: { id: SYNC, kind: 'model', name: 'O' }, executionId: RUN, entries });
    const lines = visibleLines(message).filter((l) => l.includes('xxx'));
    expect(lines).toHaveLength(50);
    expect(lines[0]).toMatch(/^10 x+…$/);
    expect(lines[0]).toHaveLength(300);
    for (const block of message.blocks ?? []) expect(JSON.stringify(block).length).toBeLessThan(3200);
  });

  it('says so when the log is empty', () => {
    const message = renderConsoleLog({ sync: { id: SYNC, kind: 'model', name: 'O' }, executionId: RUN, entries: [] });
    expect(visibleLines(message)).toEqual([
      `:page_facing_up: Console log of *O*, run \`${RUN}\`: Polytomic kept no log entries for this run.`,
    ]);
  });
});

describe('errored records', () => {
  const sync = { id: SYNC, kind: 'model' as const, name: 'Contacts' };
  it('links each signed url, says when it expires, and shows no url it cannot link safely', () => {
    const message = renderErroredRecords({
      sync,
      links: {
        urls: ['https://files.test/a?x=1&sig=2', 'https://files.test/b|evil'],
        expiresAt: '2026-11-23T11:00:00Z',
      },
    });
    expect(visibleLines(message)).toEqual([
      ':lock: Errored records of *Contacts*, for you only: the link holds record data and stops working <!date^1795431600^{date_short_pretty} at {time}|2026-11-23 11:00:00 UTC>.',
      '<https://files.test/a?x=1&amp;sig=2|Download errored records>',
    ]);
  });

  it('says when no record failed', () => {
    expect(visibleLines(renderErroredRecords({ sync, links: { urls: [] } }))).toEqual([
      ':white_check_mark: No record of that run of *Contacts* failed, so there is nothing to download.',
    ]);
  });
});
