import type { AccessDecision, AccessPolicy } from '../core/policy.js';
import { decideAccess } from '../core/policy.js';
import type { Log } from '../log.js';
import type { SlackApi } from './ports/slack.js';
import { SlackError } from './ports/slack.js';

export interface AccessDeps {
  policy: AccessPolicy;
  slack: SlackApi;
  log: Log;
}

/**
 * Whether this person may change things here. Group memberships are read from Slack only when the
 * policy lists groups and the person is not named directly. Checked before any Polytomic call.
 */
export async function checkAccess(
  deps: AccessDeps,
  who: { userId: string; channelId: string; guest?: boolean },
): Promise<AccessDecision> {
  const direct = decideAccess(deps.policy, who);
  if (direct.allowed || direct.reason !== 'user' || deps.policy.usergroups.length === 0) return direct;
  const groups: string[] = [];
  for (const group of deps.policy.usergroups) {
    try {
      if ((await deps.slack.usergroupMembers(group)).includes(who.userId)) groups.push(group);
    } catch (error) {
      // A refusal (missing scope, unknown group) is a configuration problem: count it as "not a member" and say so in the logs.
      if (error instanceof SlackError && !error.transient)
        deps.log.error('user group not readable', { usergroup: group, slackError: error.error });
      else throw error;
    }
  }
  return decideAccess(deps.policy, { ...who, groups });
}
