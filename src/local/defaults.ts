/** The signing secret of a local run without Slack; `npm run command` signs with the same one. */
export const LOCAL_SIGNING_SECRET = 'local-signing-secret-not-for-production';

/** Where the simulators hang off the local server, so one port serves everything. */
export const SIMULATED_SLACK_PATH = '/_sim/slack';
export const SIMULATED_POLYTOMIC_PATH = '/_sim/polytomic';

/** The channel a local run speaks in: `npm run command` sends from it, and everyone is in it. */
export const LOCAL_CHANNEL_ID = 'C0LOCAL';
