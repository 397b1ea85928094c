import type { SyncKind } from './sync.js';
import { isPolytomicId } from './sync.js';

/** What a pasted Polytomic link points at: a sync (model or bulk) or a connection. */
export type LinkTarget = { kind: SyncKind; id: string } | { kind: 'connection'; id: string };

/** At most this many links of one message are previewed; the rest are left as they are. */
export const MAX_PREVIEWS_PER_MESSAGE = 5;

// The paths of the bot's own "Open in Polytomic" buttons (syncUrl), and the connection page by the same
// pattern. Polytomic does not document its app's URLs, so these shapes are unconfirmed; a trailing page
// (`/runs`), a query or a fragment is allowed.
const PATHS: readonly [RegExp, LinkTarget['kind']][] = [
  [/^\/bulk\/syncs\/([^/]+)(?:\/.*)?$/, 'bulk'],
  [/^\/syncs\/([^/]+)(?:\/.*)?$/, 'model'],
  [/^\/connections\/([^/]+)(?:\/.*)?$/, 'connection'],
];

/**
 * The target of a link on Polytomic's host (`POLYTOMIC_URL`, under its path if it has one), or undefined
 * for any other link: another host, another page, an id that is not a Polytomic id.
 */
export function linkTarget(url: string, polytomicUrl: string): LinkTarget | undefined {
  let link: URL;
  let base: URL;
  try {
    link = new URL(url);
    base = new URL(polytomicUrl);
  } catch {
    return undefined;
  }
  if (link.host.toLowerCase() !== base.host.toLowerCase() || !/^https?:$/.test(link.protocol)) return undefined;
  const prefix = base.pathname.replace(/\/+$/, '');
  if (!link.pathname.startsWith(`${prefix}/`)) return undefined;
  const path = link.pathname.slice(prefix.length);
  for (const [pattern, kind] of PATHS) {
    const id = pattern.exec(path)?.[1];
    if (id !== undefined) return isPolytomicId(id) ? { kind, id: id.toLowerCase() } : undefined;
  }
  return undefined;
}

/** The links of a message worth previewing, each once, in order, the first few only. */
export function previewTargets(urls: readonly string[], polytomicUrl: string): { url: string; target: LinkTarget }[] {
  const found = new Map<string, { url: string; target: LinkTarget }>();
  for (const url of urls) {
    const target = linkTarget(url, polytomicUrl);
    if (target && !found.has(url)) found.set(url, { url, target });
  }
  return [...found.values()].slice(0, MAX_PREVIEWS_PER_MESSAGE);
}
