/**
 * The text of one step's progress: a bar with done/total, percent, rate and ETA once the step has
 * said how many items it has; before that (or when it never says) a spinner with what is done so far,
 * so a bar never flashes `0/0`. Pure functions of the clock, shared by the terminal bar and CI lines.
 */

export interface ProgressState {
  step: string;
  done: number;
  /** Undefined (or 0) until the step announces a total: then there is nothing to draw a bar of. */
  total: number | undefined;
  /** Milliseconds since the step started. */
  elapsedMs: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const BAR_WIDTH = 30;

/** The terminal line: `⠹ step  12 done · 4.1/s` or `step [██░░] 12/40 30% · 4.1/s · ETA 7s`. */
export function progressLine(s: ProgressState, frame = 0): string {
  if (!hasTotal(s)) {
    const spinner = SPINNER[frame % SPINNER.length];
    return s.done === 0
      ? `  ${spinner} ${s.step}  starting…`
      : `  ${spinner} ${s.step}  ${s.done} done · ${rateText(s)}`;
  }
  const share = Math.min(1, s.done / s.total);
  const filled = Math.round(share * BAR_WIDTH);
  const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
  return `  ${s.step} [${bar}] ${s.done}/${s.total} ${Math.floor(share * 100)}% · ${rateText(s)} · ETA ${etaText(s)}`;
}

/** A CI log line (no redrawing there): the same facts without the bar. */
export function plainProgressLine(s: ProgressState): string {
  if (!hasTotal(s)) return `  ${s.step}: ${s.done} done (${rateText(s)})`;
  return `  ${s.step}: ${s.done}/${s.total} (${rateText(s)}, ETA ${etaText(s)})`;
}

export function hasTotal(s: ProgressState): s is ProgressState & { total: number } {
  return s.total !== undefined && s.total > 0;
}

/** Items per second since the step started; `–/s` before the first item says nothing yet. */
export function rateText(s: ProgressState): string {
  const rate = perSecond(s);
  if (rate === null) return '–/s';
  return `${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s`;
}

/** Time left at the rate so far; `…` until there is a rate to go by. */
export function etaText(s: ProgressState): string {
  const rate = perSecond(s);
  if (!hasTotal(s) || rate === null) return '…';
  const seconds = Math.max(0, Math.ceil((s.total - s.done) / rate));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

function perSecond(s: ProgressState): number | null {
  if (s.done === 0 || s.elapsedMs <= 0) return null;
  return s.done / (s.elapsedMs / 1000);
}
