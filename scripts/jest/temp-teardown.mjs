// See temp-setup.mjs.
import { rmSync } from 'node:fs';

export default function teardown() {
  const dir = process.env.GLUEFLOW_JEST_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
