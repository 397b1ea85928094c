import * as z from './zod.js';

// Field kinds several schema modules share. The modules stay small and separate so that a function builds only
// the schemas it reads: the acknowledgement's cold start builds no worker item and no Polytomic API schema.
export const optionalString = z.optional(z.string());
export const nullishText = z.nullish(z.string());
export const nullishCount = z.nullish(z.number());
