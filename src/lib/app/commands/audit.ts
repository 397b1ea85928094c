import { lookUpAudit } from '../audit.js';
import type { CommandRun } from '../slack-work.js';

export const runAudit: CommandRun<string> = (deps, { query, commandName }) => lookUpAudit(deps, query, commandName);
