import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  CONTRACT_DIR,
  DOC_TYPOS,
  contractExamples,
  contractParams,
  correctedBody,
  framedBody,
} from './examples.js';

// The team's reference folder sits beside the project root (CI has it too).
const REFERENCE = path.resolve(CONTRACT_DIR, '../../../../shared/reference');
const haveReference = fs.existsSync(path.join(REFERENCE, 'itglue-examples.json'));

describe('the contract copy', () => {
  (haveReference ? it : it.skip)('is byte-identical to ../shared/reference (update both together)', () => {
    for (const file of ['itglue-examples.json', 'itglue-params.json']) {
      expect(fs.readFileSync(path.join(CONTRACT_DIR, file), 'utf8')).toBe(
        fs.readFileSync(path.join(REFERENCE, file), 'utf8'),
      );
    }
  });

  it('holds the 127 published examples and the params of every index route', () => {
    expect(contractExamples()).toHaveLength(127);
    expect(Object.keys(contractParams())).toContain('GET /organizations');
  });

  it('mends exactly the three documented typos, and each of them needed mending', () => {
    for (const typo of DOC_TYPOS) {
      const example = contractExamples().find(
        (e) => e.method === typo.method && e.path === typo.path && e.kind === 'response',
      );
      expect(example).toBeDefined();
      const mended = correctedBody(example!) as { data: unknown };
      expect(mended).not.toEqual(example!.json);
      const records = Array.isArray(mended.data) ? mended.data : [mended.data];
      for (const record of records as Array<{ id?: unknown; attributes: Record<string, unknown> }>) {
        expect(typeof record.id).toBe('string');
        expect(record.attributes).not.toHaveProperty('id');
      }
    }
    const untouched = contractExamples().filter(
      (e) => !DOC_TYPOS.some((t) => t.method === e.method && t.path === e.path),
    );
    for (const example of untouched) expect(correctedBody(example)).toBe(example.json);
  });

  it('frames list bodies with meta and links as the live API does', () => {
    const list = contractExamples().find((e) => e.method === 'GET' && e.path === '/organizations')!;
    const framed = framedBody(list) as { meta: Record<string, unknown>; links: unknown; data: unknown[] };
    expect(framed.meta['total-count']).toBe(framed.data.length);
    expect(framed.links).toEqual({});
    const show = contractExamples().find((e) => e.method === 'GET' && e.path === '/organizations/:id')!;
    expect(framedBody(show)).toEqual(show.json);
  });
});
