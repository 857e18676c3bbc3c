/**
 * Keep-alive agents with a connect timeout. axios' `timeout` is an inactivity timer on the request;
 * it cannot tell "never connected" from "connected, then no answer" — and only the first proves a
 * POST never reached IT Glue. So connecting gets its own timer here, failing with its own code.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';

export const CONNECT_TIMEOUT_CODE = 'EGLUEFLOW_CONNECT_TIMEOUT';

function withConnectTimeout<T extends typeof http.Agent | typeof https.Agent>(
  Base: T,
  readyEvent: string,
  connectMs: number,
) {
  // Mixin over http.Agent / https.Agent: the socket must be connected (and TLS done) within connectMs.
  return class extends (Base as typeof http.Agent) {
    override createConnection(
      options: http.ClientRequestArgs,
      callback?: (err: Error | null, stream: Duplex) => void,
    ): Duplex | null | undefined {
      const socket = super.createConnection(options, callback);
      if (!socket) return socket;
      const timer = setTimeout(() => {
        const error = Object.assign(new Error(`connect timeout after ${connectMs} ms`), {
          code: CONNECT_TIMEOUT_CODE,
        });
        socket.destroy(error);
      }, connectMs);
      timer.unref();
      const clear = () => clearTimeout(timer);
      socket.once(readyEvent, clear);
      socket.once('close', clear);
      socket.once('error', clear);
      return socket;
    }
  };
}

export interface AgentPair {
  http: http.Agent;
  https: https.Agent;
}

/** One pair of agents per connect timeout value (per-call overrides reuse them). */
export class AgentPool {
  private readonly pairs = new Map<number, AgentPair>();

  constructor(private readonly maxSockets: number) {}

  get(connectMs: number): AgentPair {
    let pair = this.pairs.get(connectMs);
    if (!pair) {
      const options = { keepAlive: true, maxSockets: this.maxSockets, scheduling: 'lifo' as const };
      const HttpAgent = withConnectTimeout(http.Agent, 'connect', connectMs);
      const HttpsAgent = withConnectTimeout(https.Agent, 'secureConnect', connectMs);
      pair = { http: new HttpAgent(options), https: new HttpsAgent(options) as unknown as https.Agent };
      this.pairs.set(connectMs, pair);
    }
    return pair;
  }

  destroy(): void {
    for (const pair of this.pairs.values()) {
      pair.http.destroy();
      pair.https.destroy();
    }
    this.pairs.clear();
  }
}
