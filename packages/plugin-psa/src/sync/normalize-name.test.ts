import { describe, expect, it } from '@jest/globals';
import { exactName, normalizeName } from './normalize-name.js';
import { renderTemplate, unknownVariables } from './template.js';
import { makeCompany } from '../__fixtures__/world.js';

describe('normalised company names', () => {
  it.each([
    ['ACME, Inc.', 'acme'],
    ['Acme Incorporated', 'acme'],
    ['Acme L.L.C.', 'acme'],
    ['Acme Holdings Pty. Ltd.', 'acme holdings'],
    ['Müller & Söhne GmbH', 'muller and sohne'],
    ['Müller und Söhne GmbH & Co. KG', 'muller und sohne'],
    ['The Harbor Group, P.C.', 'harbor group'],
    ["O'Brien Plumbing Co", 'obrien plumbing'],
    ['  Smith   &  Sons  ', 'smith and sons'],
    ['Company', 'company'],
    ['Inc', 'inc'],
  ])('%s → %s', (name, expected) => {
    expect(normalizeName(name)).toBe(expected);
  });

  it('takes extra suffixes from the nameSuffixes option', () => {
    expect(normalizeName('Acme Dental Group PLLC')).toBe('acme dental group');
    expect(normalizeName('Acme Dental Group', ['Group'])).toBe('acme dental');
  });

  it('exact names differ only by case and surrounding space', () => {
    expect(exactName(' Summit LAW Group ')).toBe(exactName('summit law group'));
    expect(exactName('Summit Law Group, Inc.')).not.toBe(exactName('Summit Law Group'));
  });
});

describe('templates', () => {
  it('fills the company variables and drops trailing blanks of empty ones', () => {
    const company = { ...makeCompany(0), phone: null };
    expect(
      renderTemplate(
        '{{name}} ({{ identifier }})\nPhone: {{phone}}\n{{address}}\nfrom {{provider}}/{{source}}',
        company,
        {
          provider: 'connectwise',
          source: 'cw-east',
        },
      ),
    ).toBe(
      `${company.name} (${company.identifier})\nPhone:\n100 Main St, Austin, TX 70000, United States\nfrom connectwise/cw-east`,
    );
  });

  it('names the variables it does not know', () => {
    expect(unknownVariables('{{name}} {{fax}} {{ Name }}')).toEqual(['fax', 'Name']);
  });
});
