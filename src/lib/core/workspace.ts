/**
 * The one Slack installation the bot serves: a workspace, or on Enterprise Grid with an org-wide install,
 * the organisation. From `auth.test` or the SLACK_TEAM_ID setting.
 */
export interface Installation {
  teamId: string;
  enterpriseId?: string;
  /** Installed across a Grid organisation: requests are matched by organisation, not by workspace. */
  enterpriseInstall: boolean;
  /** SLACK_APP_ID, when set: requests must name this app. */
  appId?: string;
}

/** Where a request says it comes from. */
export interface RequestOrigin {
  teamId?: string;
  enterpriseId?: string;
  appId?: string;
  /** The person's own workspace, when the payload names it (a button's `user.team_id`). */
  userTeamId?: string;
}

export type WorkspaceDecision =
  | { kind: 'ours'; guest: boolean }
  | { kind: 'refused'; outcome: 'other_workspace' | 'other_app' };

/** An id as SLACK_TEAM_ID gives it: a workspace (`T…`) or, for an org-wide install, the organisation (`E…`). */
export const installationOf = (id: string, appId?: string): Installation =>
  id.startsWith('E')
    ? { teamId: id, enterpriseId: id, enterpriseInstall: true, appId }
    : { teamId: id, enterpriseInstall: false, appId };

/**
 * A request from another workspace (or app) is refused outright. A person whose own workspace is not the
 * installation's (Slack Connect) is a guest: they may read, not change.
 */
export function decideWorkspace(installation: Installation, origin: RequestOrigin): WorkspaceDecision {
  if (installation.appId !== undefined && origin.appId !== installation.appId)
    return { kind: 'refused', outcome: 'other_app' };
  const ours = installation.enterpriseInstall
    ? origin.enterpriseId !== undefined && origin.enterpriseId === installation.enterpriseId
    : origin.teamId === installation.teamId;
  if (!ours) return { kind: 'refused', outcome: 'other_workspace' };
  // An org-wide install cannot tell a sister workspace from another organisation by a team id alone.
  const guest =
    !installation.enterpriseInstall && origin.userTeamId !== undefined && origin.userTeamId !== installation.teamId;
  return { kind: 'ours', guest };
}

/**
 * The origin fields of a stored Slack body, as Bolt reads them: a command's `team_id`/`enterprise_id`; a
 * button's `team.id` (or, when `team` is null on an org-wide install, `user.team_id`), `enterprise.id` or
 * `team.enterprise_id`, and `user.team_id`. A command names no team of the person's own.
 */
export function originOf(body: Record<string, unknown>): RequestOrigin {
  const team = record(body.team);
  const user = record(body.user);
  const userTeamId = text(user?.team_id);
  if (body.type === 'block_actions') {
    return {
      teamId: text(team?.id) ?? userTeamId,
      enterpriseId: text(record(body.enterprise)?.id) ?? text(team?.enterprise_id),
      appId: text(body.api_app_id),
      userTeamId,
    };
  }
  return { teamId: text(body.team_id), enterpriseId: text(body.enterprise_id), appId: text(body.api_app_id) };
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
