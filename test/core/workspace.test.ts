import { describe, expect, it } from 'vitest';
import { decideWorkspace, installationOf, originOf } from '../../src/lib/core/workspace.js';

const WORKSPACE = installationOf('T0HOME');
const GRID_ORG = installationOf('E0ORG');

describe('decideWorkspace', () => {
  it("serves the installation's workspace, and marks a person of another organisation as a guest", () => {
    expect(decideWorkspace(WORKSPACE, { teamId: 'T0HOME' })).toEqual({ kind: 'ours', guest: false });
    expect(decideWorkspace(WORKSPACE, { teamId: 'T0HOME', userTeamId: 'T0HOME' })).toEqual({
      kind: 'ours',
      guest: false,
    });
    expect(decideWorkspace(WORKSPACE, { teamId: 'T0HOME', userTeamId: 'T0VISITOR' })).toEqual({
      kind: 'ours',
      guest: true,
    });
  });

  it('refuses another workspace, one that names none, and, on a workspace install, a sister workspace of the same Grid organisation', () => {
    expect(decideWorkspace(WORKSPACE, { teamId: 'T0OTHER' })).toEqual({ kind: 'refused', outcome: 'other_workspace' });
    expect(decideWorkspace(WORKSPACE, {})).toEqual({ kind: 'refused', outcome: 'other_workspace' });
    expect(
      decideWorkspace(
        { teamId: 'T0HOME', enterpriseId: 'E0ORG', enterpriseInstall: false },
        { teamId: 'T0SISTER', enterpriseId: 'E0ORG' },
      ),
    ).toEqual({
      kind: 'refused',
      outcome: 'other_workspace',
    });
  });

  it('on an org-wide install, serves any workspace of the organisation and nothing without one', () => {
    expect(decideWorkspace(GRID_ORG, { teamId: 'T0ANY', enterpriseId: 'E0ORG', userTeamId: 'T0OTHERWS' })).toEqual({
      kind: 'ours',
      guest: false,
    });
    expect(decideWorkspace(GRID_ORG, { teamId: 'T0ANY', enterpriseId: 'E0ELSE' })).toEqual({
      kind: 'refused',
      outcome: 'other_workspace',
    });
    expect(decideWorkspace({ teamId: 'E0ORG', enterpriseInstall: true }, { teamId: 'T0ANY' })).toEqual({
      kind: 'refused',
      outcome: 'other_workspace',
    });
  });

  it('with an app id set, refuses a request naming another app or none, before looking at the workspace', () => {
    const pinned = installationOf('T0HOME', 'A0MINE');
    expect(decideWorkspace(pinned, { teamId: 'T0HOME', appId: 'A0MINE' })).toEqual({ kind: 'ours', guest: false });
    expect(decideWorkspace(pinned, { teamId: 'T0HOME', appId: 'A0THEIRS' })).toEqual({
      kind: 'refused',
      outcome: 'other_app',
    });
    expect(decideWorkspace(pinned, { teamId: 'T0OTHER' })).toEqual({ kind: 'refused', outcome: 'other_app' });
  });
});

describe('originOf', () => {
  it("reads a command's team, organisation and app; a command names no team of the person's own", () => {
    expect(originOf({ team_id: 'T1', enterprise_id: 'E1', api_app_id: 'A1', user_id: 'U1' })).toEqual({
      teamId: 'T1',
      enterpriseId: 'E1',
      appId: 'A1',
    });
  });

  it("reads a button's team, falling back to the person's team when Slack sends team: null (org-wide installs)", () => {
    expect(
      originOf({
        type: 'block_actions',
        team: { id: 'T1', enterprise_id: 'E1' },
        user: { id: 'U1', team_id: 'T2' },
        api_app_id: 'A1',
      }),
    ).toEqual({
      teamId: 'T1',
      enterpriseId: 'E1',
      appId: 'A1',
      userTeamId: 'T2',
    });
    expect(
      originOf({ type: 'block_actions', team: null, enterprise: { id: 'E9' }, user: { id: 'U1', team_id: 'T2' } }),
    ).toEqual({
      teamId: 'T2',
      enterpriseId: 'E9',
      appId: undefined,
      userTeamId: 'T2',
    });
  });

  it('takes nothing from fields of the wrong type', () => {
    expect(originOf({ type: 'block_actions', team: 'T1', user: { team_id: 7 }, api_app_id: ['A1'] })).toEqual({
      teamId: undefined,
      enterpriseId: undefined,
      appId: undefined,
      userTeamId: undefined,
    });
  });
});
