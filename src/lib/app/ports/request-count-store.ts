/** A shared count of one person's requests in one window, kept where every worker instance sees it. */
export interface RequestCountStore {
  /** Counts one request unless `limit` were already counted; false when it was not counted. */
  take(input: {
    teamId: string;
    userId: string;
    windowStart: number;
    windowEnd: number;
    limit: number;
  }): Promise<boolean>;
}
