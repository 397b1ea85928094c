/** A Polytomic connection as the bot shows it. */
export interface Connection {
  id: string;
  name: string;
  status: string;
  statusError?: string;
  typeName?: string;
  apiCallsLast24h?: number;
}

/** What a connection offers as a model sync source: the configuration it takes. */
export interface ModelSyncSource {
  configurationKeys: string[];
  requiresOneOf: string[];
}
