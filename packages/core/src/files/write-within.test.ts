import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { isGlueflowError } from '../errors/index.js';
import { writeFileWithin } from './write-within.js';

let base: string;
let root: string;
let outside: string;
beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-write-within-'));
  root = path.join(base, 'project');
  outside = path.join(base, 'elsewhere');
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.mkdirSync(outside);
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

const refused = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected EUNSAFE_PATH');
    },
    (error: unknown) => {
      expect(isGlueflowError(error, 'EUNSAFE_PATH')).toBe(true);
      return error as Error;
    },
  );

it('replaces a file atomically, keeps its mode, and leaves no temporary file behind', async () => {
  const file = path.join(root, 'docs', 'a.md');
  fs.writeFileSync(file, 'old', { mode: 0o640 });
  await writeFileWithin(root, file, 'new');
  expect(fs.readFileSync(file, 'utf8')).toBe('new');
  expect(fs.statSync(file).mode & 0o777).toBe(0o640);
  expect(fs.readdirSync(path.join(root, 'docs'))).toEqual(['a.md']);
});

it('never writes through a symbolic link planted at the target', async () => {
  const victim = path.join(outside, 'authorized_keys');
  fs.writeFileSync(victim, 'precious');
  fs.symlinkSync(victim, path.join(root, 'psa-review.json'));
  const error = await refused(writeFileWithin(root, path.join(root, 'psa-review.json'), 'attacker'));
  expect(error.message).toMatch(/symbolic link/);
  expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
});

it('never writes into a symlinked folder that leads out of the root', async () => {
  fs.writeFileSync(path.join(outside, 'b.md'), 'precious');
  fs.symlinkSync(outside, path.join(root, 'docs', 'linked'));
  const error = await refused(writeFileWithin(root, path.join(root, 'docs', 'linked', 'b.md'), 'x'));
  expect(error.message).toMatch(/outside/);
  expect(fs.readFileSync(path.join(outside, 'b.md'), 'utf8')).toBe('precious');
});

it('a folder linked inside the root is fine; a path outside the root is refused', async () => {
  fs.symlinkSync(path.join(root, 'docs'), path.join(root, 'alias'));
  await writeFileWithin(root, path.join(root, 'alias', 'c.md'), 'ok');
  expect(fs.readFileSync(path.join(root, 'docs', 'c.md'), 'utf8')).toBe('ok');
  await refused(writeFileWithin(root, path.join(outside, 'd.md'), 'x'));
  expect(fs.existsSync(path.join(outside, 'd.md'))).toBe(false);
});

it('uses an unpredictable temporary name: a planted "<file>.<pid>.tmp" link is never followed', async () => {
  const victim = path.join(outside, 'victim');
  fs.writeFileSync(victim, 'precious');
  const file = path.join(root, 'psa-review.json');
  for (const name of [`${file}.${process.pid}.tmp`, `${file}.glueflow-${process.pid}.tmp`])
    fs.symlinkSync(victim, name);
  await writeFileWithin(root, file, 'review');
  expect(fs.readFileSync(file, 'utf8')).toBe('review');
  expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
});
