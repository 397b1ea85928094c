import { describe, expect, it } from 'vitest';
import { escapeCode, escapeText, escapeWithin, foldLookalikes } from '../../src/lib/core/mrkdwn.js';
import { matchName } from '../../src/lib/core/name-match.js';

describe('escapeText', () => {
  it('escapes mentions and links so Slack shows them as text', () => {
    expect(escapeText('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('shows markup characters as lookalikes that Slack does not format', () => {
    expect(escapeText('*bold* _it_ ~gone~ `code` ＊wide＊')).toBe('∗bold∗ ˍitˍ ∼gone∼ ˋcodeˋ ﹡wide﹡');
  });

  it('shows bare URLs, domains, e-mail and IP addresses as code, so Slack links none of them', () => {
    expect(escapeText('Log in at https://evil.example/login or evil.com, mail me@evil.io, db 10.0.0.5:5432')).toBe(
      'Log in at `https://evil.example/login` or `evil.com,` mail `me@evil.io,` db `10.0.0.5:5432`',
    );
    expect(escapeText('see <http://evil|Polytomic>')).toBe('see `&lt;http://evil|Polytomic&gt;`');
  });

  it('keeps a name on one line and never lets it open a quote or wear an emoji', () => {
    expect(escapeText('a\n> b')).toBe('a &gt; b');
    expect(escapeText('> quoted')).toBe('› quoted');
    expect(escapeText('ok :large_green_circle: x :+1')).toBe('ok ∶largeˍgreenˍcircle: x ∶+1');
    expect(escapeText('Error: timeout')).toBe('Error: timeout');
  });
});

describe('escapeCode', () => {
  it('leaves markup inert inside code but no backtick that would end it', () => {
    expect(escapeCode('my_sync *x* `y` <z>')).toBe('my_sync *x* ˋyˋ &lt;z&gt;');
  });
});

describe('escapeWithin', () => {
  it('bounds the escaped length without cutting an entity or a code span', () => {
    const escaped = escapeWithin('evil.com & '.repeat(50), 100);
    expect(escaped.length).toBeLessThanOrEqual(100);
    expect(escaped).toBe(
      '`evil.com` &amp; `evil.com` &amp; `evil.com` &amp; `evil.com` &amp; `evil.com` &amp; `evil.com…`',
    );
  });
});

describe('lookalikes', () => {
  it('fold back to the characters they stand for, so a copied name still matches', () => {
    expect(foldLookalikes(escapeText('a*b_c~d`e'))).toBe('a*b_c~d`e');
    const syncs = [{ id: '1', name: 'orders_*daily*' }];
    expect(matchName(syncs, 'ordersˍ∗daily∗')).toEqual({ kind: 'found', item: syncs[0] });
  });
});
