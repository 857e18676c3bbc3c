import { describe, expect, it } from '@jest/globals';
import { capResult } from './limits.js';

const HINT = 'narrow it';
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('capResult', () => {
  it('returns a result that fits unchanged', () => {
    expect(JSON.parse(capResult({ hits: [1, 2] }, 1000, HINT))).toEqual({ hits: [1, 2] });
  });

  it('drops items from the end of the longest list, marking how many and why', () => {
    const result = { total: 500, hits: Array.from({ length: 500 }, (_, i) => ({ id: i, name: `n${i}` })) };
    const text = capResult(result, 2000, HINT);
    expect(bytes(text)).toBeLessThanOrEqual(2000);
    const capped = JSON.parse(text);
    expect(capped).toMatchObject({ total: 500, truncated: true, hint: HINT });
    expect(capped.hits.length + capped.omitted).toBe(500);
    expect(capped.hits[0]).toEqual({ id: 0, name: 'n0' });
    expect(capped.hits.length).toBeGreaterThan(30);
  });

  it('one huge record: the start of its JSON, within the cap, never a broken character', () => {
    const text = capResult({ record: { notes: '€'.repeat(5000) } }, 1024, HINT);
    expect(bytes(text)).toBeLessThanOrEqual(1024);
    const capped = JSON.parse(text);
    expect(capped).toMatchObject({ truncated: true, hint: HINT });
    expect(capped.partial.startsWith('{"record":{"notes":"€€')).toBe(true);
  });
});
