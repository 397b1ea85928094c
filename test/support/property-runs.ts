import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `quick` under `npm run test:unit` (vitest's `--mode quick`), `full` in `npm test`. */
    propertyRuns: 'quick' | 'full';
  }
}

/** How many cases a property draws: `full` in `npm test` and CI, `quick` in the edit-and-check loop. */
export const propertyRuns = (runs: { full: number; quick: number }): number =>
  inject('propertyRuns') === 'quick' ? runs.quick : runs.full;
