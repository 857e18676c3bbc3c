/** A structural logger (no `child`, no redactor) that keeps every line in memory. */
import type { ClientLogger, LogMeta } from '../logger.js';

export interface CapturedLine extends LogMeta {
  level: string;
  message: string;
}

export function captureLogger(): ClientLogger & { lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  const at =
    (level: string) =>
    (message: string, meta: LogMeta = {}): void => {
      // Copied through JSON, as a real transport would serialise it (and errors by their toJSON).
      lines.push({ ...(JSON.parse(JSON.stringify(meta)) as LogMeta), level, message });
    };
  return { lines, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
