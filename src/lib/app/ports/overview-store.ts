import type { SlackMessage } from '../../core/message.js';

/** The last overview rendered for a team, where every worker instance reads it. */
export interface OverviewStore {
  read(teamId: string, commandName: string): Promise<{ message: SlackMessage; at: number } | undefined>;
  write(teamId: string, commandName: string, entry: { message: SlackMessage; at: number }): Promise<void>;
}
