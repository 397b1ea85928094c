/**
 * The slash command is installed with `should_escape: true`, so that `@person` and `@group` arrive as ids
 * (`<@U123|name>`, `<!subteam^S123|@name>`). That also turns links and channels into tokens; they are read
 * back as the words typed (`<http://a.io|a.io>` → `a.io`, `<#C1|data>` → `#data`), so a sync named like a
 * domain is still found by its name. Mentions are kept for the clauses that read them.
 */
export function unlinkEscapes(text: string): string {
  return text
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>/g, (_, url: string, label?: string) => label ?? url);
}
