import { describe, expect, it } from '@jest/globals';
import { closestName, didYouMean, editDistance } from './did-you-mean.js';

describe('did you mean', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('organisation', 'organization')).toBe(1);
    expect(editDistance('orgnaization', 'organization')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests a near name, ignoring case and - or _', () => {
    expect(closestName('organisation', ['title', 'organization', 'id'])).toBe('organization');
    expect(closestName('rate_limit', ['rateLimit', 'pipelines'])).toBe('rateLimit');
    expect(closestName('markdwon', ['markdown', 'psa', 'email'])).toBe('markdown');
    expect(didYouMean('pipline', ['plugins', 'pipelines'])).toBe(' (did you mean "pipelines"?)');
  });

  it('stays quiet when nothing is near', () => {
    expect(closestName('weight', ['title', 'organization', 'id', 'traits'])).toBeUndefined();
    expect(didYouMean('x', ['files'])).toBe('');
  });
});
