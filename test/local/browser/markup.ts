import fc from 'fast-check';

/** Pieces that break naive HTML or mrkdwn handling, drawn together with arbitrary text. */
const NASTY = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '*',
  '_',
  '~',
  '`',
  '```',
  '\n',
  '|',
  '^',
  '&lt;',
  '&gt;',
  '&amp;',
  '&#60;',
  '\uE000',
  '\uE001',
  '0',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<javascript:alert(1)|click>',
  '<http://a.test/"onmouseover="alert(1)|x>',
  '<!date^1700000000^{date_short_pretty} {time}|fallback>',
  '<!date^1700000000^{time}^javascript:alert(1)|x>',
  '<@U0ALICE>',
  '<#C0DATA|data"team>',
  ':white_check_mark:',
  '&gt; quoted',
];

/** Text that mixes arbitrary characters with the pieces above. */
export const hostileText = (): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom(...NASTY)), { maxLength: 12 })
    .map((parts) => parts.join(''));

// Every tag the page's renderers may write, attribute values free of quotes and angle brackets.
const VALUE = '"[^"<>]*"';
const ALLOWED_TAGS = new RegExp(
  [
    '</?(?:b|i|s|code|pre|blockquote|h4|hr|br|dialog class="confirm"|form method="dialog"|optgroup label=VALUE|option value=VALUE(?: selected disabled)?)>',
    '</(?:div|h3|span|a|time|button|select|dialog|form|option|optgroup)>',
    '<(?:div|span|h3)(?: class="[a-z ]+")?>',
    '<span class="mention">',
    '<time data-ts="\\d+" data-format=VALUE>',
    '<a href="(?:https?:|mailto:)[^"<>]*" target="_blank" rel="noopener noreferrer">',
    '<img src="https?:[^"<>]*" alt=VALUE>',
    '<button type="button" class="button(?: primary| danger)?" data-block="\\d+" data-element="(?:\\d+|accessory)"(?: data-url="https?:[^"<>]*")?>',
    '<button value="(?:cancel|confirm)"(?: class="button (?:primary|danger)")?>',
    '<select class="(?:select|overflow)" data-block="\\d+" data-element="(?:\\d+|accessory)"(?: aria-label="More actions")?>',
  ]
    .join('|')
    .replaceAll('VALUE', VALUE),
  'gi',
);

/** What is left of some HTML once every tag the renderers may write is taken out: it must hold no `<` or `>`. */
export const outsideAllowedTags = (html: string): string => html.replace(ALLOWED_TAGS, '');
