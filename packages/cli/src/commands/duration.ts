import { UsageError } from '../usage-error.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `--wait`: how long to queue behind another run of the same pipeline; 0 (the default) refuses at once. */
export function parseWait(text: string | undefined): number {
  if (text === undefined) return 0;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`--wait must be a duration like 30s, 5m or 1h, not "${text}"`);
  return Number(match[1]) * UNIT_MS[match[2] ?? 's']!;
}

/** `30s`, `5m`, `1h`, `500ms`, or plain seconds (`90`) → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must be a duration like 30s, 5m or 1h, not "${text}"`);
  const ms = Number(match[1]) * UNIT_MS[match[2] ?? 's']!;
  if (ms < 1000)
    throw new UsageError(`${flag} must be at least 1s (IT Glue's rate budget is shared), not "${text}"`);
  return ms;
}
