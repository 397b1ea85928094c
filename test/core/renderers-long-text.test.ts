import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../support/property-runs.js';
import { cases, foreignTokens, hostile, limitProblems, mrkdwnOf, stringsOf } from './renderer-cases.js';

describe('every renderer, with arbitrary text from Polytomic and people', () => {
  describe.each(cases(60).map((c) => [c.name, c] as const))('%s', (_, c) => {
    it('keeps within Slack limits, and makes no mention or link, with long text and many rows', () => {
      fc.assert(
        fc.property(fc.array(hostile(300, 600), { minLength: 8, maxLength: 12 }), c.params, (strings, p) => {
          const message = c.render(stringsOf(strings), p);
          if (!message) return;
          expect(limitProblems(message, c.maxBlocks)).toEqual([]);
          expect(mrkdwnOf(message).flatMap(foreignTokens)).toEqual([]);
        }),
        // Long inputs shrink slowly; the first counterexample is reported as found. Each case builds about 5,000
        // characters of input and renders up to 60 rows, so this suite is most of the unit run's time: the
        // quick loop draws 10 cases per renderer (fresh ones each run), `npm test` and CI draw 40.
        { numRuns: propertyRuns({ full: 40, quick: 10 }), endOnFailure: true },
      );
    });
  });
});
