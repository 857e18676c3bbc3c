import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createLogger, registerSecret } from './index.js';

describe('createLogger', () => {
  it('writes JSON lines with secrets masked at debug level, including errors and splat arguments', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-log-'));
    const file = path.join(dir, 'debug.log');
    const logger = createLogger({ level: 'debug', file, defaultMeta: { instance: 'prod' } });
    registerSecret(logger, 'PSA-PRIVATE-KEY-123');
    const meta = { headers: { 'x-api-key': 'ITG.live-key' }, attributes: { password: 'pw-value' } };
    logger.debug('request', meta);
    logger.info('config %o', { token: 'tok-value' });
    logger.error(
      Object.assign(new Error('failed with Bearer abc.def.ghi and PSA-PRIVATE-KEY-123'), { code: 'EX' }),
    );
    logger.warn('wrapped', { error: new Error('key ITG.live-key rejected') });
    await new Promise<void>((resolve) => {
      logger.on('finish', () => resolve());
      logger.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const text = fs.readFileSync(file, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ level: 'debug', message: 'request', instance: 'prod' });
    expect(meta.headers['x-api-key']).toBe('ITG.live-key');
    for (const secret of ['live-key', 'pw-value', 'tok-value', 'abc.def.ghi', 'PSA-PRIVATE-KEY-123']) {
      expect(text).not.toContain(secret);
    }
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
