// Every test's temporary files go under one folder for the run (TMPDIR is read by os.tmpdir() in the
// workers jest starts after this, and in any child process a test spawns); temp-teardown.mjs removes
// it, so a run leaves nothing behind in /tmp however a test cleaned up after itself.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'glueflow-jest-'));
  process.env.GLUEFLOW_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
}
