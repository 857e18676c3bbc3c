/**
 * Issue 18 "messages that help": what the CLI says about a wrong config, a missing plugin, a missing
 * key or secret — in-process through `run()`, against a real emulator, on real files.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createProject } from './__fixtures__/cli-harness.js';
import type { Project } from './__fixtures__/cli-harness.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

const noKey = { ITGLUE_API_KEY: undefined, ITGLUE_API_URL: undefined };

describe('config problems (issue 18.9)', () => {
  it('a missing step option is a missing key; a misspelt one gets a did-you-mean and its line', async () => {
    project = await createProject(null);
    project.write(
      '.glueflowrc.yaml',
      [
        'plugins: [markdown]',
        'pipelines:',
        '  runbooks:',
        '    - step: markdown.import',
        '      with:',
        '        fils: docs/**/*.md',
        '        organization: Acme Corp',
        '',
      ].join('\n'),
    );
    const result = await project.cli(['plugins'], { env: noKey });
    expect(result.code).toBe(78);
    const file = `${project.dir}/.glueflowrc.yaml`;
    expect(result.stderr).toContain(
      `${file}:5: pipelines.runbooks[0].with.files: required key \`files\` is missing`,
    );
    expect(result.stderr).toContain(
      `${file}:6: pipelines.runbooks[0].with.fils: unknown key (did you mean \`files\`?)`,
    );
    expect(result.stderr).not.toMatch(/accepted shapes|found: {2,}nothing/);
  });
});
