/**
 * Durations as people write them in configs and flags: `500ms`, `30s`, `5m`, `1h` — one grammar for the
 * `serve:` schema, serve itself and the CLI's flags (which also take plain seconds, `90`).
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** With a unit: what the config schema accepts. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/**
 * Milliseconds, or undefined when `text` is not a duration. `plainUnit`: the unit of a bare number
 * (flags take `90` as seconds); without it a bare number is not a duration.
 */
export function parseDurationMs(text: string, plainUnit?: 'ms' | 's'): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2] ?? plainUnit;
  return unit === undefined ? undefined : Number(match[1]) * UNIT_MS[unit]!;
}
