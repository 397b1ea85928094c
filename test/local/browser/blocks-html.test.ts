import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confirmDialog } from '../../../src/lib/core/message.js';
import { blocksHtml } from '../../../src/local/browser/blocks-html.js';
import { propertyRuns } from '../../support/property-runs.js';
import { hostileText, outsideAllowedTags } from './markup.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

/** A message using every block and element the page draws, each string from `t`. */
const everything = (t: (i: number) => string) => [
  { type: 'header', text: plain(t(0)) },
  {
    type: 'section',
    text: mrkdwn(t(1)),
    fields: [mrkdwn(t(2)), plain(t(3))],
    accessory: { type: 'button', action_id: 'a', text: plain(t(4)), value: t(5), url: `https://x.test/${t(6)}` },
  },
  { type: 'context', elements: [mrkdwn(t(7)), { type: 'image', image_url: `https://x.test/${t(8)}`, alt_text: t(9) }] },
  { type: 'divider' },
  {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: 'b',
        style: 'danger',
        text: plain(t(10)),
        confirm: confirmDialog(t(11), t(12), t(13)),
      },
      {
        type: 'static_select',
        action_id: 'c',
        placeholder: plain(t(14)),
        options: [{ text: plain(t(15)), value: t(16) }],
      },
      {
        type: 'overflow',
        action_id: 'd',
        option_groups: [{ label: plain(t(17)), options: [{ text: plain(t(18)), value: t(19) }] }],
      },
    ],
  },
  { type: t(20) },
];

describe('blocksHtml', () => {
  it('draws each block, and names where each control sits in the message', () => {
    const html = blocksHtml(everything((i) => `t${i}`));
    expect(html).toContain('<h3 class="header">t0</h3>');
    expect(html).toContain('<div class="fields"><div>t2</div><div>t3</div></div>');
    expect(html).toContain(
      '<button type="button" class="button" data-block="1" data-element="accessory" data-url="https://x.test/t6">t4</button>',
    );
    expect(html).toContain('<hr>');
    expect(html).toContain('<button type="button" class="button danger" data-block="4" data-element="0">t10</button>');
    expect(html).toContain(
      '<select class="select" data-block="4" data-element="1"><option value="" selected disabled>t14</option><option value="t16">t15</option></select>',
    );
    expect(html).toContain('<optgroup label="t17"><option value="t19">t18</option></optgroup>');
    expect(html).toContain('<div class="unsupported">[a t20 block, which this page does not draw]</div>');
  });

  it('puts a confirm dialog beside its control, with the words Slack would show', () => {
    const html = blocksHtml([
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'x',
            text: plain('Start sync'),
            confirm: confirmDialog('Start a run?', 'Start *Orders*?', 'Start'),
          },
        ],
      },
    ]);
    expect(html).toContain(
      '<dialog class="confirm"><form method="dialog"><h4>Start a run?</h4><div class="text">Start <b>Orders</b>?</div><div class="choices"><button value="cancel">',
    );
    expect(html).toContain('<button value="confirm" class="button primary">Start</button></div></form></dialog>');
  });

  it('writes no tag or attribute of its own input in any block, field, control or dialog', () => {
    fc.assert(
      fc.property(fc.array(hostileText(), { minLength: 21, maxLength: 21 }), (texts) => {
        expect(outsideAllowedTags(blocksHtml(everything((i) => texts[i]!)))).not.toMatch(/[<>]/);
      }),
      { numRuns: propertyRuns({ full: 300, quick: 60 }) },
    );
  });
});
