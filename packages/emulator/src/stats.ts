import { FAULT_KINDS, type EmulatorStats, type FaultKind } from './types.js';

/** Counters behind GET /__emulator/stats. */
export class StatsRecorder {
  private data: EmulatorStats = StatsRecorder.empty();

  static empty(): EmulatorStats {
    return {
      requests: { total: 0, byStatus: {}, byMethod: {} },
      rateLimited: 0,
      maxInWindow: 0,
      faultsInjected: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>,
      writesApplied: 0,
      creates: 0,
      updates: 0,
      deletes: 0,
    };
  }

  snapshot(): EmulatorStats {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = StatsRecorder.empty();
  }

  request(method: string): void {
    this.data.requests.total++;
    this.data.requests.byMethod[method] = (this.data.requests.byMethod[method] ?? 0) + 1;
  }

  response(status: number | 'reset'): void {
    const key = String(status);
    this.data.requests.byStatus[key] = (this.data.requests.byStatus[key] ?? 0) + 1;
    if (status === 429) this.data.rateLimited++;
  }

  fault(kind: FaultKind): void {
    this.data.faultsInjected[kind]++;
  }

  inWindow(count: number): void {
    if (count > this.data.maxInWindow) this.data.maxInWindow = count;
  }

  writeApplied(): void {
    this.data.writesApplied++;
  }

  recordChange(action: 'create' | 'update' | 'delete'): void {
    if (action === 'create') this.data.creates++;
    else if (action === 'update') this.data.updates++;
    else this.data.deletes++;
  }
}
