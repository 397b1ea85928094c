import { lookUpConnection } from '../connections.js';
import type { CommandRun } from '../slack-work.js';

export const runConnection: CommandRun<string> = (deps, { query, commandName }) =>
  lookUpConnection(deps.polytomic, query, commandName);
