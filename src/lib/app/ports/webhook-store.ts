import type { WebhookConfig } from '../../schemas/webhook-config-item.js';

export type { WebhookConfig };

export interface WebhookStore {
  /** `signal` abandons the read, retries included. */
  get(options?: { signal?: AbortSignal }): Promise<WebhookConfig | undefined>;
  put(config: WebhookConfig): Promise<void>;
}
