/**
 * A webhook receiver on 127.0.0.1 for the tests: records every request (headers, raw body) and answers
 * from a queue of scripted responses (then 200). `hold` keeps a request unanswered, for timeouts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type ScriptedResponse = number | { status: number; headers?: Record<string, string> } | 'hold';

export interface Receiver {
  /** `http://127.0.0.1:<port>/hooks/<token>` — a path like real webhook URLs, with a token in it. */
  url: string;
  requests: ReceivedRequest[];
  /** Answers for the next requests, in order. */
  script(...responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

export const RECEIVER_TOKEN = 'T0KEN-in-the-path';

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const queue: ScriptedResponse[] = [];
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const next = queue.shift() ?? 200;
      if (next === 'hold') {
        held.push(res);
        return;
      }
      const { status, headers } = typeof next === 'number' ? { status: next, headers: {} } : next;
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(`answered ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/${RECEIVER_TOKEN}`,
    requests,
    script: (...responses) => queue.push(...responses),
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
