const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `30s`, `5m`, `1h`, `500ms` → milliseconds; the config schema has checked the shape already. */
export function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: "${text}" (use 30s, 5m or 1h)`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}
