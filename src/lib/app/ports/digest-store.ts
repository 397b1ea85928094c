import type { DigestSubscription } from '../../core/digest.js';

/** Digest subscriptions: per channel, and due by their next run in the sparse index. */
export interface DigestStore {
  /** `duplicate` if the id is taken in the channel already. */
  create(subscription: DigestSubscription): Promise<'created' | 'duplicate'>;
  listForChannel(channelId: string): Promise<DigestSubscription[]>;
  remove(channelId: string, id: string): Promise<boolean>;
  /**
   * Takes a due subscription to post the run `posting.runAt`, held until `posting.until` (its `dueAt`, so a
   * poster that dies leaves it due again then); undefined when another run changed it first.
   */
  claim(
    subscription: DigestSubscription,
    posting: NonNullable<DigestSubscription['posting']>,
    now: number,
  ): Promise<DigestSubscription | undefined>;
  /** Applies changes if the subscription is unchanged since read; paused ones leave the due index. */
  save(
    subscription: DigestSubscription,
    changes: Partial<DigestSubscription> & { dueAt?: number },
    now: number,
  ): Promise<DigestSubscription>;
  listDue(now: number, limit: number): Promise<DigestSubscription[]>;
}
