import { fileURLToPath } from 'node:url';

/**
 * The CLI's own package folder (dist/.. or src/..): bundled plugins (markdown, psa, email) resolve
 * from here when the config's folder has none installed, and the demo finds the examples through it.
 */
export function cliPackageDir(): string {
  return fileURLToPath(new URL('..', import.meta.url));
}
