import { connectionValue, REFRESH_ACTION_ID } from './buttons.js';
import { explainPolytomicFailure } from './failure.js';
import type { SlackMessage } from './message.js';
import { context, MAX_SECTION_TEXT, section, textMessage } from './message.js';
import { escapeCode, escapeWithin, formatDuration, slackDate, truncate } from './mrkdwn.js';
import type { Refresh } from './refresh.js';

const MAX_NAMES_LISTED = 15;

const connectionTitle = (refresh: Pick<Refresh, 'connectionName' | 'connectionType'>) =>
  `*${escapeWithin(refresh.connectionName, 300)}*${refresh.connectionType ? ` (${escapeWithin(refresh.connectionType, 100)})` : ''}`;

const requestedContext = (refresh: Refresh, nowMs: number) =>
  context(
    `Requested ${slackDate(new Date(refresh.requestedAt ?? nowMs).toISOString())} · connection \`${escapeCode(refresh.connectionId)}\``,
  );

/** The in-channel parent message: who asked for which connection, and that the result will come in its thread. */
export function renderRefreshStarted(refresh: Refresh, nowMs: number): SlackMessage {
  const line = `:arrows_counterclockwise: <@${refresh.requestedBy}> asked Polytomic to refresh the schema of ${connectionTitle(refresh)}. I'll reply in this thread when it is done.`;
  return { text: line, blocks: [section(line), requestedContext(refresh, nowMs)] };
}

/** From the request to Polytomic's own finish time when it reported one, else to when the bot noticed. */
function took(refresh: Refresh): string | undefined {
  if (refresh.requestedAt === undefined) return undefined;
  const reported =
    refresh.outcome === 'fresh' || refresh.outcome === 'failed'
      ? Date.parse(refresh.lastSeen?.lastRefreshFinished ?? '')
      : NaN;
  const end = Number.isNaN(reported) ? refresh.finishedAt : reported;
  return end === undefined ? undefined : formatDuration(Math.max(0, end - refresh.requestedAt));
}

/** The parent message once the refresh is over: its final state, so the channel reads it without opening the thread. */
export function renderRefreshFinishedParent(refresh: Refresh, nowMs: number): SlackMessage {
  const duration = took(refresh);
  const who = `asked by <@${refresh.requestedBy}>`;
  const headline: Record<string, string> = {
    fresh: `:white_check_mark: The schema of ${connectionTitle(refresh)} was refreshed${duration ? ` in ${duration}` : ''} (${who}).`,
    failed: `:x: Polytomic could not refresh the schema of ${connectionTitle(refresh)} (${who}).`,
    unhealthy: `:red_circle: ${connectionTitle(refresh)} became unhealthy during the schema refresh (${who}).`,
    timed_out: `:hourglass: The schema of ${connectionTitle(refresh)} was still not fresh${duration ? ` after ${duration}` : ''}; I stopped watching (${who}).`,
    not_started: `:warning: The schema refresh of ${connectionTitle(refresh)} did not start (${who}).`,
  };
  const line = headline[refresh.outcome ?? 'not_started']!;
  const again = {
    type: 'actions' as const,
    elements: [
      {
        type: 'button' as const,
        text: { type: 'plain_text' as const, text: 'Refresh schema' },
        action_id: REFRESH_ACTION_ID,
        value: connectionValue(refresh.connectionId),
      },
    ],
  };
  return { text: line, blocks: [section(line), requestedContext(refresh, nowMs), again] };
}

/** The threaded reply: the outcome, how long it took and, when both listings are known, what changed. */
export function renderRefreshReply(
  refresh: Refresh,
  changes: { added: string[]; removed: string[] } | undefined,
): SlackMessage {
  const duration = took(refresh);
  const name = connectionTitle(refresh);
  const lastSeen = refresh.lastSeen;
  switch (refresh.outcome) {
    case 'fresh': {
      const lines = [
        `:white_check_mark: The schema of ${name} is fresh.${duration ? ` Polytomic took ${duration}.` : ''}`,
      ];
      if (changes) lines.push(describeChanges(changes));
      return { text: lines.join('\n'), blocks: [section(truncate(lines.join('\n'), MAX_SECTION_TEXT))] };
    }
    case 'failed':
      return textMessage(
        `:x: Polytomic reported that the refresh of ${name} failed (cache status \`${escapeWithin(refresh.detail ?? 'unknown', 100, escapeCode)}\`). Check the connection in Polytomic, then try again.`,
      );
    case 'unhealthy':
      return textMessage(
        `:red_circle: ${name} became unhealthy while its schema was refreshing: ${escapeWithin(refresh.detail ?? 'no detail given', 1000)}`,
      );
    case 'timed_out': {
      const status = lastSeen?.cacheStatus ? `\`${escapeWithin(lastSeen.cacheStatus, 100, escapeCode)}\`` : 'unknown';
      const since = slackDate(lastSeen?.lastRefreshStarted);
      const unreadable = refresh.lastError
        ? ` Its status could not be read lately: ${explainPolytomicFailure({ code: refresh.lastError })}`
        : '';
      return textMessage(
        `:hourglass: The schema of ${name} is still not fresh${duration ? ` after ${duration}` : ''}, so I stopped watching. The last status Polytomic reported was ${status}${since ? `, for a refresh started ${since}` : ''}.${unreadable}`,
      );
    }
    default:
      return textMessage(`:warning: The schema refresh of ${name} did not start.`);
  }
}

function describeChanges(changes: { added: string[]; removed: string[] }): string {
  if (changes.added.length === 0 && changes.removed.length === 0)
    return '*What changed:* no schemas were added or removed.';
  const list = (names: string[]) =>
    names
      .slice(0, MAX_NAMES_LISTED)
      .map((n) => `\`${escapeCode(truncate(n, 100))}\``)
      .join(', ') + (names.length > MAX_NAMES_LISTED ? ` and ${names.length - MAX_NAMES_LISTED} more` : '');
  const parts: string[] = [];
  if (changes.added.length) parts.push(`${changes.added.length} added: ${list(changes.added)}`);
  if (changes.removed.length) parts.push(`${changes.removed.length} removed: ${list(changes.removed)}`);
  return `*What changed:* ${parts.join('; ')}.`;
}

/** The answer to the person who asked: started, with a link to the thread that will carry the result. */
export function renderRefreshAccepted(refresh: Refresh): SlackMessage {
  const where = refresh.permalink ? `<${refresh.permalink}|this message>` : 'the message I posted in the channel';
  return textMessage(
    `:white_check_mark: Polytomic is refreshing the schema of ${connectionTitle(refresh)}. I'll reply in the thread of ${where} when it is done.`,
  );
}

/** The answer, repeated to a retried job, when its refresh never started. */
export function renderRefreshNotStarted(refresh: Refresh): SlackMessage {
  return textMessage(
    `:warning: The schema refresh of ${connectionTitle(refresh)} did not start${refresh.detail ? `: ${escapeWithin(refresh.detail, 1000)}` : ''}.`,
  );
}

/** The answer when the connection already has a refresh under way: one refresh, one thread. */
export function renderRefreshAlreadyRunning(refresh: Refresh): SlackMessage {
  const who = `<@${refresh.requestedBy}>`;
  if (refresh.status === 'starting' || !refresh.permalink) {
    return textMessage(
      `:arrows_counterclockwise: ${who} is starting a refresh of ${connectionTitle(refresh)} right now; its result will appear in a thread in <#${refresh.channelId}>.`,
    );
  }
  const since = refresh.requestedAt ? ` ${slackDate(new Date(refresh.requestedAt).toISOString())}` : '';
  return textMessage(
    `:arrows_counterclockwise: A refresh of ${connectionTitle(refresh)} is already under way, asked by ${who}${since}. The result will appear in <${refresh.permalink}|this thread>.`,
  );
}

/** The connection cannot be refreshed: Polytomic refreshes only healthy connections. */
export function renderNotHealthy(connection: { name: string; status: string; statusError?: string }): SlackMessage {
  const error = connection.statusError ? `\n> ${escapeWithin(connection.statusError, 1000)}` : '';
  return textMessage(
    `:red_circle: *${escapeWithin(connection.name, 300)}* is \`${escapeWithin(connection.status, 100, escapeCode)}\`, and Polytomic refreshes only healthy connections. Fix the connection in Polytomic first.${error}`,
  );
}

/** The bot may not post in the channel: how to let it in. */
export function renderCannotPost(error: string, channelId: string): SlackMessage {
  const why =
    error === 'not_in_channel' || error === 'channel_not_found'
      ? `I can't post in <#${channelId}>: it is probably a private channel I have not been invited to. Invite me with \`/invite @Polytomic\`, then ask again.`
      : error === 'is_archived'
        ? `I can't post in <#${channelId}> because it is archived.`
        : `Slack would not let me post in <#${channelId}> (\`${escapeCode(error)}\`).`;
  return textMessage(`:warning: ${why} No refresh was started.`);
}
