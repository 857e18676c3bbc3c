import { parseDurationMs } from '@glueflow/core';
import { UsageError } from '../usage-error.js';

/** `--wait`: how long to queue behind another run of the same pipeline; 0 (the default) refuses at once. */
export function parseWait(text: string | undefined): number {
  if (text === undefined) return 0;
  const ms = parseDurationMs(text, 's');
  if (ms === undefined) throw new UsageError(`--wait must be a duration like 30s, 5m or 1h, not "${text}"`);
  return ms;
}

/** `30s`, `5m`, `1h`, `500ms`, or plain seconds (`90`) → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const ms = parseDurationMs(text, 's');
  if (ms === undefined) throw new UsageError(`${flag} must be a duration like 30s, 5m or 1h, not "${text}"`);
  if (ms < 1000)
    throw new UsageError(`${flag} must be at least 1s (IT Glue's rate budget is shared), not "${text}"`);
  return ms;
}

const SINCE_UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `--since`: a duration back from now (`30m`, `24h`, `7d`, `2w`) or an ISO date (`2026-12-01`, UTC
 * midnight; or a full timestamp) → milliseconds since the epoch.
 */
export function parseSince(text: string, now = Date.now()): number {
  const back = /^(\d+(?:\.\d+)?)(m|h|d|w)$/.exec(text.trim());
  if (back) return now - Number(back[1]) * SINCE_UNIT_MS[back[2]!]!;
  const at = /^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(text.trim()) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) {
    throw new UsageError(
      `--since must be a duration back (30m, 24h, 7d, 2w) or an ISO date (2026-12-01), not "${text}"`,
    );
  }
  return at;
}
