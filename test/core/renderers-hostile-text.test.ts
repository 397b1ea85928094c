import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bareLinks,
  cases,
  foreignTokens,
  formatting,
  hostile,
  limitProblems,
  mrkdwnOf,
  plainStrings,
  stringsOf,
} from './renderer-cases.js';

describe('every renderer, with arbitrary text from Polytomic and people', () => {
  describe.each(cases(8).map((c) => [c.name, c] as const))('%s', (_, c) => {
    it('makes no mention or link of its own, leaves no formatting of the input active, and keeps within Slack limits', () => {
      fc.assert(
        fc.property(fc.array(hostile(0, 20), { minLength: 8, maxLength: 40 }), c.params, (strings, p) => {
          const message = c.render(stringsOf(strings), p);
          if (!message) return;
          const plain = c.render(stringsOf(plainStrings(strings)), p)!;
          const texts = mrkdwnOf(message);
          expect(texts.flatMap(foreignTokens)).toEqual([]);
          expect(texts.flatMap(bareLinks)).toEqual([]);
          // Near a limit the message is cut, and a cut drops its own formatting: compare only uncut messages.
          if (texts.every((t) => t.length < 1900)) expect(formatting(texts)).toEqual(formatting(mrkdwnOf(plain)));
          expect(limitProblems(message, c.maxBlocks)).toEqual([]);
        }),
        { numRuns: 60 },
      );
    });
  });
});
