import { describe, expect, it } from 'vitest';
import { parseDigestCommand } from '../../src/lib/core/digest.js';
import { renderDigest } from '../../src/lib/core/render-digest.js';
import type { DigestRow } from '../../src/lib/core/render-digest.js';
import type { RunSummary } from '../../src/lib/core/sync.js';

describe('parseDigestCommand', () => {
  it('reads each schedule with its time zone and scope', () => {
    expect(parseDigestCommand('daily 09:00 Europe/Paris')).toEqual({ kind: 'subscribe', schedule: { every: 'daily', weekday: undefined, hour: 9, minute: 0, timeZone: 'Europe/Paris' }, scope: { kind: 'all' } });
    expect(parseDigestCommand('weekly Monday 9:05 for a, "b c"')).toMatchObject({ schedule: { every: 'weekly', weekday: 1, hour: 9, minute: 5 }, scope: { kind: 'names', names: ['a', 'b c'] } });
    expect(parseDigestCommand('weekdays 17h30 only failing')).toMatchObject({ schedule: { every: 'weekdays', hour: 17, minute: 30, timeZone: undefined }, scope: { kind: 'only_failing' } });
  });

  it('reads list, off, off with an id, and now', () => {
    expect(parseDigestCommand('')).toEqual({ kind: 'list' });
    expect(parseDigestCommand('off')).toEqual({ kind: 'off' });
    expect(parseDigestCommand('off ab12cd')).toEqual({ kind: 'off', id: 'ab12cd' });
    expect(parseDigestCommand('now')).toEqual({ kind: 'now' });
  });

  it('refuses impossible times and trailing words', () => {
    expect(parseDigestCommand('daily 24:00').kind).toBe('invalid');
    expect(parseDigestCommand('daily 09:60').kind).toBe('invalid');
    expect(parseDigestCommand('daily 09:00 UTC please')).toMatchObject({ kind: 'invalid' });
  });
});

const run = (status: string, errors: string[] = []): RunSummary => ({ status, counts: {}, errors, completedAt: '2026-11-23T08:00:00Z' });
const row = (i: number, status: string, active = true): DigestRow => ({
  sync: { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Sync ${i}`, kind: 'model', active },
  status: { last: run(status, status === 'failed' ? [`error ${i}`] : []) },
});
const schedule = { every: 'daily' as const, hour: 9, minute: 0, timeZone: 'UTC' };

describe('renderDigest', () => {
  it('says in one line that everything is healthy', () => {
    const digest = renderDigest({ subscription: { schedule, scope: { kind: 'all' } }, rows: [row(1, 'completed'), row(2, 'completed', false)], polytomicUrl: 'https://p' });
    expect(digest.message?.text).toBe(':white_check_mark: all 1 active sync is healthy (1 paused).');
    expect(digest.details).toBeUndefined();
  });

  it('posts nothing for an only-failing digest when nothing fails, yet remembers what it saw', () => {
    const digest = renderDigest({ subscription: { schedule, scope: { kind: 'only_failing' } }, rows: [row(1, 'completed')], polytomicUrl: 'https://p' });
    expect(digest.message).toBeUndefined();
    expect(digest.snapshot).toEqual({ [row(1, 'completed').sync.id]: 'ok' });
  });

  it('stays within Block Kit limits with 300 syncs, 60 of them failing, and lists every one in the thread', () => {
    const rows = Array.from({ length: 300 }, (_, i) => row(i, i % 5 === 0 ? 'failed' : 'completed'));
    const digest = renderDigest({ subscription: { schedule, scope: { kind: 'all' } }, rows, polytomicUrl: 'https://p' });
    expect(digest.message!.blocks!.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(digest.message!.blocks)).toContain('52 more failing');
    expect(digest.details!.blocks!.length).toBeLessThanOrEqual(50);
    const listed = digest.details!.blocks!.map((b) => JSON.stringify(b)).join('').match(/Sync \d+/g) ?? [];
    expect(new Set(listed).size).toBe(300);
  });
});
