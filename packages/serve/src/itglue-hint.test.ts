/** Reading an IT Glue Workflow body: a hint (type and id) or a warning, never an exception. */
import { describe, expect, it } from '@jest/globals';
import { ITGLUE_TEMPLATE, parseRecordUrl, readItGlueHint } from './index.js';

describe('readItGlueHint', () => {
  it('takes the type and id from the record URL, or from resource_type and id', () => {
    expect(
      readItGlueHint({ url: 'https://acme.itglue.com/2741/passwords/9911', trigger: 'Password updated' }),
    ).toEqual({ hint: { type: 'passwords', id: '9911', trigger: 'Password updated' } });
    expect(readItGlueHint({ resource_type: 'Flexible Asset', id: 42 })).toEqual({
      hint: { type: 'flexible-assets', id: '42' },
    });
    expect(
      readItGlueHint({ resource_type: 'configuration', url: 'https://x.eu.itglue.com/1/configurations/7' }),
    ).toEqual({ hint: { type: 'configurations', id: '7' } });
  });

  it('reads deeper record paths: a flexible asset is /assets/<type>/records/<id>', () => {
    expect(parseRecordUrl('https://acme.itglue.com/12/assets/345/records/6789')).toEqual({
      type: 'flexible-assets',
      id: '6789',
    });
    expect(parseRecordUrl('https://acme.itglue.com/12/docs/55')).toEqual({ type: 'documents', id: '55' });
    expect(parseRecordUrl('not a url')).toBeUndefined();
  });

  it('anything else is a warning: not an object, no known type, no numeric id, the unfilled template', () => {
    for (const body of [
      null,
      [1],
      'text',
      {},
      { resource_type: 'spaceship', id: '1' },
      { resource_type: 'password', id: '1 OR 1=1' },
      ITGLUE_TEMPLATE,
    ]) {
      expect(readItGlueHint(body)).toEqual({ warning: expect.any(String) });
    }
  });
});
