/** The signing secret of a local run without Slack; `npm run command` signs with the same one. */
export const LOCAL_SIGNING_SECRET = 'local-signing-secret-not-for-production';

/** Where the simulators hang off the local server, so one port serves everything. */
export const SIMULATED_SLACK_PATH = '/_sim/slack';
export const SIMULATED_POLYTOMIC_PATH = '/_sim/polytomic';

/** The channel a local run speaks in: `npm run command` sends from it, and everyone is in it. */
export const LOCAL_CHANNEL_ID = 'C0LOCAL';

/** Who a local run's requests come from: the workspace, app, channel and person `npm run command` and the page act as. */
export const LOCAL_SLACK = {
  teamId: 'T0LOCAL',
  teamDomain: 'local',
  appId: 'A0LOCAL',
  channelId: LOCAL_CHANNEL_ID,
  channelName: 'data-alerts',
  userId: 'U0LOCAL',
  userName: 'local.user',
} as const;
