import { nullishCount, nullishText } from './fields.js';
import * as z from './zod.js';

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/**
 * A Polytomic event, as delivered to the webhook and listed by `GET /api/events` (payload fields all optional).
 * Built on its first parse, as the Slack request schemas are: the acknowledgement's module init builds none.
 */
export const eventSchema = z.lazy(() =>
  z.looseObject({
    id: text(200),
    type: text(100),
    organization_id: nullishText,
    created_at: z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'not a timestamp')),
    event: z.nullish(
      z.looseObject({
        execution_id: nullishText,
        sync_id: nullishText,
        sync_name: nullishText,
        // The events guide's example says `name`; the SDK types say `sync_name`: read both.
        name: nullishText,
        error: nullishText,
        status: nullishText,
        record_count: nullishCount,
        error_count: nullishCount,
        warning_count: nullishCount,
        number_of_errors: nullishCount,
      }),
    ),
  }),
);
export type PolytomicEvent = z.infer<typeof eventSchema>;
