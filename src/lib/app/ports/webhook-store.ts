/** The organisation's webhook as the bot registered it; the secret verifies deliveries. */
export interface WebhookConfig {
  webhookId: string;
  endpoint: string;
  secret: string;
  /** The secret before the last rotation, accepted for `PREVIOUS_SECRET_MS` after it: deliveries already signed with it must not be lost. */
  previousSecret?: string;
  createdBy: string;
  createdAt: number;
}

export interface WebhookStore {
  /** `signal` abandons the read, retries included. */
  get(options?: { signal?: AbortSignal }): Promise<WebhookConfig | undefined>;
  put(config: WebhookConfig): Promise<void>;
}
