import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mrkdwnHtml, plainHtml } from '../../../src/local/browser/mrkdwn-html.js';
import { propertyRuns } from '../../support/property-runs.js';
import { hostileText, outsideAllowedTags } from './markup.js';

describe('mrkdwnHtml', () => {
  it('draws bold, italic, strike, code, quotes and line breaks', () => {
    expect(mrkdwnHtml('*Orders* ran _late_, ~twice~: `ORDERS`\n> see log')).toBe(
      '<b>Orders</b> ran <i>late</i>, <s>twice</s>: <code>ORDERS</code><br><blockquote>see log</blockquote>',
    );
  });

  it('leaves snake_case and lone stars alone', () => {
    expect(mrkdwnHtml('user_id_here 2 * 3 = 6')).toBe('user_id_here 2 * 3 = 6');
  });

  it('shows emoji codes it knows and leaves others as typed', () => {
    expect(mrkdwnHtml(':white_check_mark: done :not_an_emoji: at 10:42:')).toBe('✅ done :not_an_emoji: at 10:42:');
  });

  it('makes links of http, https and mailto only, and shows the label of anything else', () => {
    expect(mrkdwnHtml('<https://app.polytomic.com/syncs/1?a=1&amp;b=2|Open &amp; see>')).toBe(
      '<a href="https://app.polytomic.com/syncs/1?a=1&#38;b=2" target="_blank" rel="noopener noreferrer">Open &#38; see</a>',
    );
    expect(mrkdwnHtml('<javascript:alert(1)|click>')).toBe('click');
  });

  it('shows mentions by their label or id', () => {
    expect(mrkdwnHtml('<@U0ALICE> in <#C0DATA|data-team> for <!subteam^S0ONCALL> and <!here>')).toBe(
      '<span class="mention">@U0ALICE</span> in <span class="mention">#data-team</span> for <span class="mention">@S0ONCALL</span> and <span class="mention">@here</span>',
    );
  });

  it('hands dates to the page with their format, the fallback shown until then', () => {
    expect(mrkdwnHtml('at <!date^1700000000^{date_short_pretty} {time}|2023-11-14 22:13 UTC>')).toBe(
      'at <time data-ts="1700000000" data-format="{date_short_pretty} {time}">2023-11-14 22:13 UTC</time>',
    );
  });

  it('undoes Slack escapes and escapes for HTML, so a name reads as typed', () => {
    expect(mrkdwnHtml('*&lt;img src=x onerror=alert(1)&gt; &amp; "q"*')).toBe(
      '<b>&#60;img src=x onerror=alert(1)&#62; &#38; &#34;q&#34;</b>',
    );
  });

  it('never writes a tag or attribute of its own input, whatever the text', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        expect(outsideAllowedTags(mrkdwnHtml(text))).not.toMatch(/[<>]/);
        expect(outsideAllowedTags(plainHtml(text))).not.toMatch(/[<>]/);
      }),
      { numRuns: propertyRuns({ full: 500, quick: 100 }) },
    );
  });
});
