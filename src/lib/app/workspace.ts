import type { Installation } from '../core/workspace.js';
import { installationOf } from '../core/workspace.js';
import type { SlackApi } from './ports/slack.js';

/**
 * The installation the bot serves: SLACK_TEAM_ID when set, else `auth.test`, asked once per process on
 * the first job (never by the HTTP function). A failed `auth.test` is not kept: the job retries and asks again.
 */
export function installationSource(input: {
  teamId?: string;
  appId?: string;
  slack: Pick<SlackApi, 'installation'>;
}): () => Promise<Installation> {
  if (input.teamId !== undefined) {
    const configured = Promise.resolve(installationOf(input.teamId, input.appId));
    return () => configured;
  }
  let asked: Promise<Installation> | undefined;
  return () => {
    asked ??= input.slack.installation().then(
      (found) => ({ ...found, appId: input.appId }),
      (error: unknown) => {
        asked = undefined;
        throw error;
      },
    );
    return asked;
  };
}
