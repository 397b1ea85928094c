import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  createAppLink,
  manifestFor,
  PLACEHOLDER_URL,
  socketModeManifest,
  toRequestUrl,
} from '../../scripts/manifest.js';
import { SUBCOMMANDS, usageHint } from '../../src/lib/core/commands/registry.js';

// A manifest is untyped YAML; the test reads it as such.
type Json = any;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const manifest: Json = parse(readFileSync(join(ROOT, 'slack/manifest.yml'), 'utf8'));
const DEPLOYED = 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/slack/events';

// Bot scopes of each Web API method the bot calls (Slack's method reference pages); reading a conversation
// needs the scope of its kind: public, private, direct message, group direct message.
const HISTORY = ['channels:history', 'groups:history', 'im:history', 'mpim:history'];
const SCOPE_OF: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.getPermalink': ['chat:write'],
  'conversations.history': HISTORY,
  'conversations.replies': HISTORY,
  'conversations.open': ['im:write'],
  'usergroups.users.list': ['usergroups:read'],
  'users.info': ['users:read'],
  'auth.test': [],
  // A Home tab is published with the bot token alone.
  'views.publish': [],
  'chat.unfurl': ['links:write'],
  // Public channels and private ones (the Home lists a person's channels).
  'users.conversations': ['channels:read', 'groups:read'],
};

// Bot scopes each subscribed event needs (Slack's event reference pages).
const EVENT_SCOPES: Record<string, string[]> = { app_home_opened: [], link_shared: ['links:read'] };

describe('the Slack app manifest (slack/manifest.yml)', () => {
  it('has the shape Slack accepts: name, description, one slash command whose usage hint names every subcommand, interactivity', () => {
    const { name, description } = manifest.display_information;
    expect(name.length).toBeGreaterThanOrEqual(1);
    expect(name.length).toBeLessThanOrEqual(35);
    expect(description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name.length).toBeGreaterThanOrEqual(1);

    const commands = manifest.features.slash_commands;
    expect(commands).toHaveLength(1);
    const [command] = commands;
    expect(command.command).toBe('/polytomic');
    expect(command.command).toMatch(/^\/.{1,31}$/);
    expect(command.description.length).toBeGreaterThan(0);
    expect(command.description.length).toBeLessThanOrEqual(2000);
    const hinted = command.usage_hint.split('|').map((part: string) => part.trim().split(' ')[0]);
    expect(hinted).toEqual(SUBCOMMANDS);
    expect(command.usage_hint, "the usage hint is the subcommand registry's").toBe(usageHint());
    expect(command.usage_hint.length).toBeLessThanOrEqual(1000);

    // Direct messages to a person land in the app's Messages tab, read-only: the bot reads no replies.
    expect(manifest.features.app_home).toMatchObject({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: true,
    });
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    // The events the HTTP function records (anything else is answered and dropped).
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened', 'link_shared']);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('holds a placeholder wherever Slack needs the deployed Request URL', () => {
    expect(manifest.features.slash_commands[0].url).toBe(PLACEHOLDER_URL);
    expect(manifest.settings.interactivity.request_url).toBe(PLACEHOLDER_URL);
    expect(manifest.settings.event_subscriptions.request_url).toBe(PLACEHOLDER_URL);
  });

  it('asks for exactly the bot scopes the code needs: commands, chat:write.public, and those of the Web API methods it calls and the events it takes', () => {
    const dir = join(ROOT, 'src/lib/adapters/slack');
    const methods = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const match of readFileSync(join(dir, file), 'utf8').matchAll(
        /(?:client|poster)\.([a-z]+(?:\.[a-zA-Z]+)+)\(/g,
      ))
        methods.add(match[1]!);
    }
    expect(methods.size).toBeGreaterThan(0);
    const unknown = [...methods].filter((method) => !(method in SCOPE_OF));
    expect(unknown, 'add the scope of these methods to SCOPE_OF and to slack/manifest.yml').toEqual([]);
    const events: string[] = manifest.settings.event_subscriptions.bot_events;
    const needed = new Set([
      'commands',
      'chat:write.public',
      ...[...methods].flatMap((method) => SCOPE_OF[method]!),
      ...events.flatMap((event) => EVENT_SCOPES[event]!),
    ]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'chat:write.public']),
    );
  });
});

describe('npm run manifest', () => {
  it('fills the deployed URL into the command and interactivity, leaving no placeholder', () => {
    const filled = manifestFor(DEPLOYED);
    expect((filled as Json).features.slash_commands[0].url).toBe(DEPLOYED);
    expect((filled as Json).settings.interactivity.request_url).toBe(DEPLOYED);
    expect((filled as Json).settings.event_subscriptions.request_url).toBe(DEPLOYED);
    expect((filled as Json).features.slash_commands[0].usage_hint).toBe(usageHint());
    expect(JSON.stringify(filled)).not.toContain('YOUR-');
    expect({
      ...(filled as Json),
      features: { ...(filled as Json).features, slash_commands: manifest.features.slash_commands },
      settings: manifest.settings,
    }).toEqual(manifest);
  });

  it("previews links on POLYTOMIC_URL's host: Polytomic's app by default, a self-hosted install's when set", () => {
    expect((manifestFor(DEPLOYED) as Json).features.unfurl_domains).toEqual(['app.polytomic.com']);
    const selfHosted = manifestFor(DEPLOYED, { polytomicUrl: 'https://polytomic.example.com:8443/app' });
    expect((selfHosted as Json).features.unfurl_domains).toEqual(['polytomic.example.com']);
  });

  it('takes the API base URL or the full Request URL, and refuses plain http', () => {
    expect(toRequestUrl('https://abc123defg.execute-api.eu-west-1.amazonaws.com')).toBe(DEPLOYED);
    expect(toRequestUrl('https://abc123defg.execute-api.eu-west-1.amazonaws.com/')).toBe(DEPLOYED);
    expect(toRequestUrl(DEPLOYED)).toBe(DEPLOYED);
    expect(() => toRequestUrl('http://abc123defg.execute-api.eu-west-1.amazonaws.com')).toThrow(/https/);
  });

  it('prints a one-click create link that carries the whole manifest', () => {
    const filled = manifestFor(DEPLOYED);
    const link = new URL(createAppLink(filled));
    expect(`${link.origin}${link.pathname}`).toBe('https://api.slack.com/apps');
    expect(link.searchParams.get('new_app')).toBe('1');
    expect(JSON.parse(link.searchParams.get('manifest_json')!)).toEqual(filled);
  });
});

describe('npm run manifest -- --socket', () => {
  it('turns Socket Mode on and names no Request URL, the rest as in slack/manifest.yml', () => {
    const socket: Json = socketModeManifest();
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toMatch(/request_url|"url"|YOUR-|https:\/\/[^"]*\/slack\/events/);
    expect(socket.features.slash_commands[0].usage_hint).toBe(usageHint());
    // Everything else is the deployed app's: commands, scopes, events, interactivity.
    const { url: _url, ...command } = manifest.features.slash_commands[0];
    const { request_url: _events, ...events } = manifest.settings.event_subscriptions;
    const { request_url: _buttons, ...interactivity } = manifest.settings.interactivity;
    expect(socket).toEqual({
      ...manifest,
      features: { ...manifest.features, slash_commands: [{ ...command, usage_hint: usageHint() }] },
      settings: { ...manifest.settings, event_subscriptions: events, interactivity, socket_mode_enabled: true },
    });
  });

  it('leaves the deployed manifest as it was', () => {
    socketModeManifest();
    expect(manifestFor(DEPLOYED)).toMatchObject({ settings: { socket_mode_enabled: false } });
    expect((manifestFor(DEPLOYED) as Json).settings.interactivity.request_url).toBe(DEPLOYED);
  });
});
