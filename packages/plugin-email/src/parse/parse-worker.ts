/** Worker side of the parser pool: parses messages posted to it and transfers the result back. */
import { parentPort } from 'node:worker_threads';
import { MessageParseError, parseMessage } from './parse-message.js';

interface Job {
  id: number;
  raw: Uint8Array;
}

parentPort?.on('message', (job: Job) => {
  parseMessage(job.raw).then(
    (message) => {
      const transfer = [...new Set(message.attachments.map((file) => file.content.buffer as ArrayBuffer))];
      parentPort?.postMessage({ id: job.id, message }, transfer);
    },
    (error: unknown) =>
      parentPort?.postMessage({
        id: job.id,
        error: error instanceof Error ? error.message : String(error),
        parseError: error instanceof MessageParseError,
      }),
  );
});
