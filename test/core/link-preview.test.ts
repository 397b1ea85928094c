import { describe, expect, it } from 'vitest';
import { linkTarget, previewTargets } from '../../src/lib/core/link-preview.js';

const ID = '0b9e2c4a-6f0e-4d3b-9a51-6c1e2f3a4b5c';
const APP = 'https://app.polytomic.com';

describe('which pasted links are previewed', () => {
  it("reads the bot's own sync links and the connection page, with a trailing page, query or fragment", () => {
    expect(linkTarget(`${APP}/syncs/${ID}`, APP)).toEqual({ kind: 'model', id: ID });
    expect(linkTarget(`${APP}/bulk/syncs/${ID}/runs?tab=1#top`, APP)).toEqual({ kind: 'bulk', id: ID });
    expect(linkTarget(`${APP}/connections/${ID.toUpperCase()}`, APP)).toEqual({ kind: 'connection', id: ID });
    expect(linkTarget(`https://APP.polytomic.com/syncs/${ID}`, APP)).toEqual({ kind: 'model', id: ID });
  });

  it('honours a self-hosted base path', () => {
    const base = 'https://tools.example.com/polytomic/';
    expect(linkTarget(`https://tools.example.com/polytomic/syncs/${ID}`, base)).toEqual({ kind: 'model', id: ID });
    expect(linkTarget(`https://tools.example.com/syncs/${ID}`, base)).toBeUndefined();
  });

  it('leaves alone other hosts, other pages, ids that are not Polytomic ids and what is not a URL', () => {
    for (const url of [
      `https://app.polytomic.com.evil.test/syncs/${ID}`,
      `https://evil.test/syncs/${ID}?next=${APP}`,
      `${APP}/syncs`,
      `${APP}/syncs/not-an-id`,
      `${APP}/models/${ID}`,
      `ftp://app.polytomic.com/syncs/${ID}`,
      'not a url',
    ])
      expect(linkTarget(url, APP), url).toBeUndefined();
  });

  it('previews each link once, and the first five of a message with more', () => {
    const ids = Array.from({ length: 6 }, (_, n) => ID.replace(/.$/, String(n)));
    expect(previewTargets([`${APP}/syncs/${ID}`, `${APP}/syncs/${ID}`, 'https://example.com'], APP)).toEqual([
      { url: `${APP}/syncs/${ID}`, target: { kind: 'model', id: ID } },
    ]);
    expect(
      previewTargets(
        ids.slice(0, 5).map((id) => `${APP}/syncs/${id}`),
        APP,
      ),
    ).toHaveLength(5);
    expect(
      previewTargets(
        ids.map((id) => `${APP}/syncs/${id}`),
        APP,
      ).map((p) => p.target.id),
    ).toEqual(ids.slice(0, 5));
  });
});
