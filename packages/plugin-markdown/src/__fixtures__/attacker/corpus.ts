/**
 * The attacker corpus of issue 17 (hostile input to markdown.import). Static files sit beside this
 * module (read them with `attackerFile`); what git cannot hold safely — symbolic links, a `.git/`
 * folder, multi-megabyte pathological markdown — is made at run time by the helpers below, inside
 * the test's temp folder.
 *
 * - `git-config`, `dotenv`: secrets a runbook tries to upload as "images" (`/.git/config`, `../.env`)
 * - `script.svg`: an SVG with an onload handler and a script element
 * - `xss-traits.md`: script, event handlers and risky links in a Textbox trait
 * - `risky-links.md`: links with ms-msdt:, search-ms:, ms-appinstaller:, file:, javascript:, data: …
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('./', import.meta.url));

export function attackerFile(name: string): Buffer {
  return fs.readFileSync(path.join(here, name));
}

/** What must never reach IT Glue: written outside the config folder by the symlink tests. */
export const OUTSIDE_SECRET = 'TOKEN=s3cr3t-outside-the-config-folder';

/** A symbolic link at `at` (absolute) pointing at `target` as written (relative or absolute). */
export function plantLink(at: string, target: string): void {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(target, at);
}

/** `>` markers opening one blockquote each: 60,000 took 104 s and then overflowed the stack. */
export function deepBlockquotes(markers: number): string {
  return `# Deep quotes\n\n${'>'.repeat(markers)} the bottom\n`;
}

/** Emphasis nested `depth` deep on one line: quadratic in micromark, unseen by the nesting pre-scan. */
export function nestedEmphasis(depth: number): string {
  return `# Nested emphasis\n\n${'*a '.repeat(depth)}b${' a*'.repeat(depth)}\n`;
}

/** List items nested by indentation, one level per line. */
export function deepList(levels: number): string {
  return `# Deep list\n\n${Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')}\n`;
}
