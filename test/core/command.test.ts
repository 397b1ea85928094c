import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/lib/core/command.js';

describe('parseCommand', () => {
  it('reads an empty command, help and its spellings as help', () => {
    for (const text of ['', '   ', 'help', 'HELP', '-h', '--help', '?'])
      expect(parseCommand(text)).toEqual({ kind: 'help' });
  });

  it('reads status with a name of several words, in any case, keeping the name as typed', () => {
    expect(parseCommand('Status  Orders to Snowflake ')).toEqual({ kind: 'status', query: 'Orders to Snowflake' });
  });

  it('reads status alone as the overview', () => {
    expect(parseCommand('status')).toEqual({ kind: 'status', query: '' });
  });

  it('drops quotes around the name, straight or curly', () => {
    expect(parseCommand('status "Orders to Snowflake"')).toEqual({ kind: 'status', query: 'Orders to Snowflake' });
    expect(parseCommand('status “Orders”')).toEqual({ kind: 'status', query: 'Orders' });
  });

  it("undoes Slack's escaping of & < > so names match", () => {
    expect(parseCommand('status Ads &amp; Leads &lt;prod&gt;')).toEqual({
      kind: 'status',
      query: 'Ads & Leads <prod>',
    });
  });

  it('suggests the closest subcommand for a typo, and none for nonsense', () => {
    expect(parseCommand('stauts orders')).toEqual({ kind: 'unknown', word: 'stauts', suggestion: 'status' });
    expect(parseCommand('deploy everything')).toEqual({ kind: 'unknown', word: 'deploy', suggestion: undefined });
  });
});

describe('parseCommand: connections', () => {
  it('reads refresh and connection with a name, and connections as the list', () => {
    expect(parseCommand('refresh Production Postgres')).toEqual({ kind: 'refresh', query: 'Production Postgres' });
    expect(parseCommand('connection "Snowflake Warehouse"')).toEqual({
      kind: 'connection',
      query: 'Snowflake Warehouse',
    });
    expect(parseCommand('connections')).toEqual({ kind: 'connection', query: '' });
    expect(parseCommand('refesh x')).toMatchObject({ kind: 'unknown', suggestion: 'refresh' });
  });
});
