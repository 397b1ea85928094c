import { describe, expect, it } from 'vitest';
import { decideRefresh, diffSchemas } from '../../src/lib/core/refresh.js';

const asked = Date.parse('2026-11-23T10:00:00Z');
const iso = (offsetS: number) => new Date(asked + offsetS * 1000).toISOString();
const decide = (
  schema: Parameters<typeof decideRefresh>[0]['schema'],
  extra: Partial<Parameters<typeof decideRefresh>[0]> = {},
) =>
  decideRefresh({
    refresh: { requestedAt: asked, deadline: asked + 1_800_000 },
    schema,
    connection: { status: 'healthy' },
    now: asked + 60_000,
    ...extra,
  });

describe('decideRefresh', () => {
  it('is done when the cache is fresh and finished after both its start and the request', () => {
    expect(decide({ cacheStatus: 'fresh', lastRefreshStarted: iso(1), lastRefreshFinished: iso(20) })).toEqual({
      kind: 'finish',
      outcome: 'fresh',
    });
  });

  it('waits while the cache is refreshing', () => {
    expect(decide({ cacheStatus: 'refreshing', lastRefreshStarted: iso(1), lastRefreshFinished: iso(-3600) })).toEqual({
      kind: 'wait',
    });
  });

  it('waits when the fresh cache is from a refresh that finished before the bot asked', () => {
    expect(decide({ cacheStatus: 'fresh', lastRefreshStarted: iso(-100), lastRefreshFinished: iso(-50) })).toEqual({
      kind: 'wait',
    });
  });

  it('waits when the finish time is older than the start time (a new refresh has begun)', () => {
    expect(decide({ cacheStatus: 'cached', lastRefreshStarted: iso(30), lastRefreshFinished: iso(10) })).toEqual({
      kind: 'wait',
    });
  });

  it('is done for a refresh already running when the bot asked, once it finishes after the request', () => {
    expect(decide({ cacheStatus: 'fresh', lastRefreshStarted: iso(-30), lastRefreshFinished: iso(5) })).toEqual({
      kind: 'finish',
      outcome: 'fresh',
    });
  });

  it('reports a failed refresh', () => {
    expect(decide({ cacheStatus: 'error', lastRefreshStarted: iso(1), lastRefreshFinished: iso(9) })).toEqual({
      kind: 'finish',
      outcome: 'failed',
      detail: 'error',
    });
  });

  it('treats an unknown cache status as not done, and names it', () => {
    expect(decide({ cacheStatus: 'reticulating', lastRefreshStarted: iso(1), lastRefreshFinished: iso(9) })).toEqual({
      kind: 'wait',
      unknownCacheStatus: 'reticulating',
    });
  });

  it('ends with the error when the connection turns unhealthy', () => {
    const decision = decide(
      { cacheStatus: 'refreshing' },
      { connection: { status: 'unhealthy', statusError: 'timeout' } },
    );
    expect(decision).toEqual({ kind: 'finish', outcome: 'unhealthy', detail: 'timeout' });
  });

  it('gives up at the deadline, keeping the last status', () => {
    expect(decide({ cacheStatus: 'refreshing' }, { now: asked + 1_800_000 })).toEqual({
      kind: 'finish',
      outcome: 'timed_out',
      detail: 'refreshing',
    });
  });

  it('prefers a result that arrived by the deadline over giving up', () => {
    expect(
      decide(
        { cacheStatus: 'fresh', lastRefreshStarted: iso(1), lastRefreshFinished: iso(20) },
        { now: asked + 1_900_000 },
      ),
    ).toMatchObject({ outcome: 'fresh' });
  });
});

describe('diffSchemas', () => {
  it('lists added and removed schemas, sorted', () => {
    expect(diffSchemas(['b', 'a', 'c'], ['c', 'd', 'a', 'e'])).toEqual({ added: ['d', 'e'], removed: ['b'] });
  });

  it('has nothing to say without both listings', () => {
    expect(diffSchemas(undefined, ['a'])).toBeUndefined();
    expect(diffSchemas(['a'], undefined)).toBeUndefined();
  });
});
