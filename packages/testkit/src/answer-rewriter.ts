/**
 * A loopback proxy in front of the emulator that rewrites chosen JSON answers — how a test shows
 * the runtime what a real tenant sends and the emulator (rightly) never does: odd attribute types,
 * log entries of an unknown shape, fields a newer IT Glue adds. Everything else passes through
 * byte for byte (status, headers, bodies, streams).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AnswerRewrite {
  /** `GET` by default. */
  method?: string;
  /** Prefix of the request's pathname, e.g. `/logs`. */
  path: string;
  /** Gets the parsed JSON answer, returns the one to send. */
  rewrite(body: unknown): unknown;
}

export interface RewritingProxy {
  url: string;
  close(): Promise<void>;
}

export async function startRewritingProxy(
  target: string,
  rewrites: readonly AnswerRewrite[],
): Promise<RewritingProxy> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', upstream).pathname;
    const rule = rewrites.find(
      (r) => (r.method ?? 'GET').toUpperCase() === req.method && pathname.startsWith(r.path),
    );
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const json = /json/.test(String(answer.headers['content-type'] ?? ''));
        if (!rule || !json) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = JSON.stringify(rule.rewrite(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          const { 'content-length': _length, ...headers } = answer.headers;
          res.writeHead(answer.statusCode ?? 200, { ...headers, 'content-length': Buffer.byteLength(body) });
          res.end(body);
        });
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
