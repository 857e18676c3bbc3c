import { describe, expect, it } from '@jest/globals';
import { subjectTag } from './route-message.js';
import { buildContactDomainIndex } from './contact-domains.js';
import { domainAndParents } from './free-mail.js';

describe('subject tags', () => {
  it('finds [Org: Name] anywhere, with any case and spacing, for the configured label', () => {
    expect(subjectTag('RE: [Org: Acme Corp] Licence', 'Org')).toBe('Acme Corp');
    expect(subjectTag('[ org :Acme ]', 'Org')).toBe('Acme');
    expect(subjectTag('[Client: Globex] x', 'Client')).toBe('Globex');
    expect(subjectTag('[Org] nothing', 'Org')).toBeUndefined();
  });
});

describe('contact domain index', () => {
  async function* contacts() {
    yield { organizationId: 1, contactEmails: [{ value: 'A@Acme.example' }, { value: 'a@gmail.com' }] };
    yield { organizationId: 2, contactEmails: [{ value: 'b@shared.example' }] };
    yield { organizationId: 3, contactEmails: [{ value: 'c@shared.example' }, { value: 'broken' }] };
    yield { organizationId: null, contactEmails: [{ value: 'x@orphan.example' }] };
  }
  it('maps addresses and single-organization domains; never consumer or shared domains', async () => {
    const index = await buildContactDomainIndex(contacts());
    expect(index.byAddress.get('a@acme.example')).toEqual({ id: '1' });
    expect(index.byAddress.get('a@gmail.com')).toEqual({ id: '1' });
    expect(index.byDomain.get('acme.example')).toEqual({ id: '1' });
    expect(index.byDomain.has('gmail.com')).toBe(false);
    expect(index.byDomain.has('shared.example')).toBe(false);
    expect(index.byDomain.has('orphan.example')).toBe(false);
  });
  it('parent domains never go up to the bare top-level domain', () => {
    expect(domainAndParents('mail.eu.acme.example')).toEqual([
      'mail.eu.acme.example',
      'eu.acme.example',
      'acme.example',
    ]);
  });
});
