import { FAULT_KINDS, type FaultConfig, type FaultKind, type FaultRule } from './types.js';
import { createRandom, type Random } from './prng.js';
import { EmulatorUsageError } from './usage-error.js';

export const DEFAULT_SLOW_MS = 2000;
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export function isWrite(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase());
}

/**
 * Parses "500:0.03,502:0.03,reset:0.01,slow:0.05,commit-then-fail:0.03,429:0.02,slowMs=2000".
 * Rates are probabilities per API request; together they may not exceed 1.
 */
export function parseFaultSpec(spec: string): FaultConfig {
  const rates: Partial<Record<FaultKind, number>> = {};
  const config: FaultConfig = { rates };
  for (const part of spec.split(',').map((item) => item.trim())) {
    if (part === '') continue;
    const slow = /^slowMs=(\d+)$/.exec(part);
    if (slow) {
      config.slowMs = Number(slow[1]);
      continue;
    }
    const match = /^([a-z0-9-]+):([0-9.]+)$/.exec(part);
    if (!match) throw specError(`"${part}" is not KIND:RATE or slowMs=MS`);
    const kind = match[1] as FaultKind;
    const rate = Number(match[2]);
    if (!FAULT_KINDS.includes(kind)) throw specError(`unknown fault kind "${match[1]}"`);
    if (!Number.isFinite(rate) || rate < 0 || rate > 1)
      throw specError(`rate of ${kind} must be between 0 and 1`);
    rates[kind] = rate;
  }
  validateFaultConfig(config);
  return config;
}

export function validateFaultConfig(config: FaultConfig): void {
  const total = Object.values(config.rates ?? {}).reduce((sum, rate) => sum + (rate ?? 0), 0);
  if (total > 1 + 1e-9) throw specError(`fault rates add up to ${total.toFixed(3)}, more than 1`);
  for (const rule of config.rules ?? []) validateRule(rule);
}

export function validateRule(rule: FaultRule): void {
  if (!FAULT_KINDS.includes(rule.kind)) throw specError(`unknown fault kind "${String(rule.kind)}"`);
  if (rule.count !== undefined && (!Number.isInteger(rule.count) || rule.count < 1)) {
    throw specError('fault rule count must be a positive integer');
  }
}

function specError(why: string): EmulatorUsageError {
  return new EmulatorUsageError(
    'EEMULATOR_FAULT_SPEC',
    `Invalid fault spec: ${why}`,
    `Kinds: ${FAULT_KINDS.join(', ')}. Example: "500:0.03,reset:0.01,slow:0.05,slowMs=2000"`,
  );
}

export interface DrawnFault {
  kind: FaultKind;
  delayMs: number;
  retryAfter?: FaultRule['retryAfter'];
}

interface PendingRule extends FaultRule {
  remaining: number;
  fromConfig?: boolean;
}

/** Decides the fault (if any) of each API request: targeted rules first, then seeded rates. */
export class FaultInjector {
  private random: Random;
  private config: FaultConfig = {};
  private pending: PendingRule[] = [];

  constructor(config: FaultConfig | undefined, seed: number) {
    this.random = createRandom(seed);
    this.configure(config ?? {});
  }

  configure(config: FaultConfig): void {
    validateFaultConfig(config);
    this.config = config;
    this.pending = this.pending.filter((rule) => !rule.fromConfig);
    for (const rule of config.rules ?? [])
      this.pending.push({ ...rule, remaining: rule.count ?? 1, fromConfig: true });
  }

  enqueue(rule: FaultRule): void {
    validateRule(rule);
    this.pending.push({ ...rule, remaining: rule.count ?? 1 });
  }

  clear(): void {
    this.pending = [];
  }

  draw(method: string, path: string): DrawnFault | null {
    const write = isWrite(method);
    const rule = this.pending.find((candidate) => matches(candidate, method, path, write));
    if (rule) {
      rule.remaining--;
      if (rule.remaining <= 0) this.pending.splice(this.pending.indexOf(rule), 1);
      return { kind: rule.kind, delayMs: rule.delayMs ?? this.slowMs(), retryAfter: rule.retryAfter };
    }
    const rates = this.config.rates ?? {};
    if (Object.keys(rates).length === 0) return null;
    const roll = this.random();
    let cumulative = 0;
    for (const kind of FAULT_KINDS) {
      cumulative += rates[kind] ?? 0;
      if (roll < cumulative) {
        // commit-then-fail only means something for a write; a read that draws it goes through.
        return kind === 'commit-then-fail' && !write ? null : { kind, delayMs: this.slowMs() };
      }
    }
    return null;
  }

  private slowMs(): number {
    return this.config.slowMs ?? DEFAULT_SLOW_MS;
  }
}

function matches(rule: PendingRule, method: string, path: string, write: boolean): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path && !path.startsWith(rule.path)) return false;
  return rule.kind !== 'commit-then-fail' || write;
}
