import { AppError } from '../errors.js';
import type { WebhookConfig, WebhookStore } from './ports/webhook-store.js';

/** The stored webhook secrets could not be read in time: a delivery can be neither accepted nor refused. */
export class WebhookSecretsUnavailableError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super('webhook_secrets_unavailable', 'the stored webhook secrets could not be read', options);
  }
}

/** The secrets a Polytomic delivery may be signed with, as the HTTP path sees them. */
export interface WebhookSecrets {
  /**
   * The secrets in force. `recheck` says a signature matched none of them, so the store is read again
   * (a secret set up or rotated since is accepted at once), unless it was read moments ago. Throws
   * `WebhookSecretsUnavailableError` when the secrets needed cannot be read.
   */
  current(options?: { recheck?: boolean }): Promise<string[]>;
}

/** Long enough for deliveries signed before a rotation to arrive; short enough that a replaced secret stops working. */
export const PREVIOUS_SECRET_MS = 15 * 60_000;

export const WEBHOOK_SECRET_READS = {
  /** A delivery waits this long for the store at most (Polytomic's own timeout is not documented). */
  deadlineMs: 1_000,
  /** Reads, failed or not, are at least this far apart: a flood of forged deliveries costs one read per gap. */
  minGapMs: 5_000,
  /** Matching secrets are read again after this, so a secret replaced in the store stops working here too. */
  maxAgeMs: 60_000,
};

/** The stored secrets, read at most once per `minGapMs` with a deadline, shared by concurrent deliveries. */
export function createWebhookSecrets(deps: { store: Pick<WebhookStore, 'get'>; now: () => number }): WebhookSecrets {
  let cached: { config: WebhookConfig | undefined; readAt: number } | undefined;
  let lastRead: { at: number; failure?: unknown } | undefined;
  let reading: Promise<void> | undefined;

  const read = async (): Promise<void> => {
    const at = deps.now();
    lastRead = { at };
    try {
      cached = {
        config: await deps.store.get({ signal: AbortSignal.timeout(WEBHOOK_SECRET_READS.deadlineMs) }),
        readAt: at,
      };
    } catch (failure) {
      lastRead = { at, failure };
    } finally {
      reading = undefined;
    }
  };

  return {
    async current({ recheck = false } = {}) {
      const now = deps.now();
      const wanted = cached === undefined || recheck || now - cached.readAt >= WEBHOOK_SECRET_READS.maxAgeMs;
      if (wanted && (reading || !lastRead || now - lastRead.at >= WEBHOOK_SECRET_READS.minGapMs)) {
        reading ??= read();
        await reading;
      }
      if (wanted && lastRead?.failure !== undefined)
        throw new WebhookSecretsUnavailableError({ cause: lastRead.failure });
      return secretsOf(cached?.config, deps.now());
    },
  };
}

/** The current secret, and the one it replaced while deliveries signed with it may still arrive. */
function secretsOf(config: WebhookConfig | undefined, now: number): string[] {
  if (!config) return [];
  const previousValid = config.previousSecret !== undefined && now < config.createdAt + PREVIOUS_SECRET_MS;
  return previousValid ? [config.secret, config.previousSecret!] : [config.secret];
}
