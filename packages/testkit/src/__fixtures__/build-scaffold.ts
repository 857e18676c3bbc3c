/**
 * Test support for the scaffold: `tsc -p tsconfig.json` of a scaffolded package through the TypeScript
 * API, with its own tsconfig, except that `@glueflow/*` resolve to this workspace's sources (as in the
 * repository's jest) so a stale or missing dist/ never decides the outcome. Only the package's own files
 * are checked in depth and emitted; core's sources are read for their types.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT, WORKSPACE_SOURCES } from './workspace-install.js';

const WORKSPACE_ROOT = `${REPO_ROOT}packages/`;

export interface ScaffoldBuild {
  /** Formatted diagnostics (file:line:col: TSxxxx message); empty when it type-checks. */
  diagnostics: string[];
  /** Files written, relative to the package. */
  emitted: string[];
}

export function buildScaffold(packageDir: string): ScaffoldBuild {
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(packageDir, 'tsconfig.json'), {}, host);
  if (!parsed) throw new Error('no tsconfig.json');
  const options: ts.CompilerOptions = { ...parsed.options, paths: { '@glueflow/*': [WORKSPACE_SOURCES] } };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options });
  const own = program
    .getSourceFiles()
    .filter(
      (file) => file.fileName.startsWith(`${packageDir}/`) && !file.fileName.includes('/node_modules/'),
    );
  const diagnostics = [
    ...parsed.errors,
    ...program.getGlobalDiagnostics(),
    ...own.flatMap((file) => [
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    ]),
  ];
  const emitted: string[] = [];
  for (const file of own) {
    const result = program.emit(file, (name, text) => {
      mkdirSync(path.dirname(name), { recursive: true });
      writeFileSync(name, text);
      emitted.push(path.relative(packageDir, name));
    });
    diagnostics.push(...result.diagnostics);
  }
  // TS6059 "not under rootDir" for workspace sources is an artefact of the `paths` above: from npm,
  // `@glueflow/*` are declaration files, which rootDir does not concern.
  const relevant = diagnostics.filter(
    (d) =>
      !(d.code === 6059 && ts.flattenDiagnosticMessageText(d.messageText, '\n').includes(WORKSPACE_ROOT)),
  );
  return { diagnostics: relevant.map(format), emitted: emitted.sort() };
}

function format(diagnostic: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${text}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: TS${diagnostic.code}: ${text}`;
}
