/** Who may change things through the bot. Reading (status, connections, audit) is always open. */
export interface AccessPolicy {
  users: readonly string[];
  usergroups: readonly string[];
  channels: readonly string[];
  /** Who can grant access, as the refusal names them. */
  contact?: string;
}

// `alert` (I'm on it, Release, Snooze, unsnooze) is its own action rather than `watch`: it changes how this
// channel works one failure, never what it watches nor anything in Polytomic, so a team can let its on-call
// people take alerts and refuse them the watch list. Guests are refused it like every change.
export type ChangeAction =
  | 'refresh'
  | 'start'
  | 'cancel'
  | 'pause'
  | 'resume'
  | 'digest'
  | 'watch'
  | 'webhook'
  | 'alert';

export type AccessDecision = { allowed: true } | { allowed: false; reason: 'user' | 'channel' | 'guest' };

/** Whether the policy restricts people at all (with no users or groups listed, everyone in the workspace may). */
export const restrictsPeople = (policy: AccessPolicy): boolean =>
  policy.users.length > 0 || policy.usergroups.length > 0;

/**
 * The decision, from who is asking, where, and the groups they are in (only needed when groups are
 * listed and the user is not named directly). A guest (someone of another organisation, in a Slack
 * Connect channel) never changes anything, whatever the lists say.
 */
export function decideAccess(
  policy: AccessPolicy,
  who: { userId: string; channelId: string; guest?: boolean; groups?: readonly string[] },
): AccessDecision {
  if (who.guest) return { allowed: false, reason: 'guest' };
  if (policy.channels.length > 0 && !policy.channels.includes(who.channelId))
    return { allowed: false, reason: 'channel' };
  if (!restrictsPeople(policy) || policy.users.includes(who.userId)) return { allowed: true };
  if ((who.groups ?? []).some((group) => policy.usergroups.includes(group))) return { allowed: true };
  return { allowed: false, reason: 'user' };
}
