/** Worker side of the parser pool: parses the messages posted to it; decoded files move back, uncopied. */
import { serveWorkerJobs } from '@glueflow/core/worker';
import { parseMessage } from './parse-message.js';

serveWorkerJobs(parseMessage, (message) => [
  ...new Set(message.attachments.map((file) => file.content.buffer as ArrayBuffer)),
]);
