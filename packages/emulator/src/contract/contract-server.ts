/**
 * A loopback server that plays IT Glue from its published examples: it answers every request with
 * the body the test set (a published response, framed as the live API frames it), and records what
 * the client sent — method, path, query and JSON body — for the request-shape comparison.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface ContractServer {
  url: string;
  sent: SentRequest[];
  /** The body of every following answer (200, JSON:API); undefined answers 204. */
  answer(body: unknown): void;
  close(): Promise<void>;
}

export async function startContractServer(): Promise<ContractServer> {
  const sent: SentRequest[] = [];
  let body: unknown = { data: [] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      sent.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      });
      if (body === undefined) {
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/vnd.api+json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    answer(next) {
      body = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
