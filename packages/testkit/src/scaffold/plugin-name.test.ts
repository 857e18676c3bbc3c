import { describe, expect, it } from '@jest/globals';
import { parsePluginName } from './plugin-name.js';

describe('parsePluginName', () => {
  it.each([
    ['teams-notify', 'glueflow-plugin-teams-notify', 'teams-notify', 'teams-notify'],
    ['glueflow-plugin-teams-notify', 'glueflow-plugin-teams-notify', 'teams-notify', 'teams-notify'],
    ['@acme/teams', '@acme/glueflow-plugin-teams', 'teams', '@acme/teams'],
    ['@acme/glueflow-plugin-teams', '@acme/glueflow-plugin-teams', 'teams', '@acme/teams'],
    ['  rmm2-import ', 'glueflow-plugin-rmm2-import', 'rmm2-import', 'rmm2-import'],
  ])('%s → %s', (input, packageName, shortName, configName) => {
    expect(parsePluginName(input)).toMatchObject({
      packageName,
      shortName,
      configName,
      directoryName: `glueflow-plugin-${shortName}`,
    });
  });

  it.each([
    ['', 'it is empty'],
    ['Teams', 'npm package names are lowercase'],
    ['teams notify', 'must be kebab-case'],
    ['teams_notify', 'must be kebab-case'],
    ['-teams', 'must be kebab-case'],
    ['teams--notify', 'must be kebab-case'],
    ['2fa', 'must be kebab-case'],
    ['glueflow-plugin-', 'nothing follows "glueflow-plugin-"'],
    ['@acme', 'needs a name after the scope'],
    ['@acme/', 'needs a name after the scope'],
    ['@Acme/teams', 'lowercase'],
    ['@/teams', 'is not a valid npm scope'],
    ['acme/teams', 'only a scope may be followed by "/"'],
    ['@glueflow/teams', 'reserved'],
    [`x${'-a'.repeat(110)}`, 'npm allows 214'],
  ])('refuses %j: %s', (input, why) => {
    let error: unknown;
    try {
      parsePluginName(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'ESCAFFOLD_NAME', where: 'name', hint: expect.any(String) });
    expect((error as Error).message).toContain(why);
    expect((error as Error).message).not.toContain('\n');
  });
});
