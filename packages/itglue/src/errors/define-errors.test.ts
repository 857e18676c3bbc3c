import { describe, expect, it } from '@jest/globals';
import { GlueflowError, defineErrors, itglueErrors } from './index.js';

const plugin = defineErrors({
  EACME_NO_TICKET: (c: { ticket: number; where: string }) => ({
    message: `ticket ${c.ticket} does not exist`,
    hint: 'check the ticket number in the PSA',
  }),
  EACME_OFFLINE: () => ({ message: 'the RMM is offline', hint: 'try again later' }),
});

describe('defineErrors', () => {
  it('builds errors from the table: wording, code, the where of the context, extras', () => {
    const error = plugin.create('EACME_NO_TICKET', { ticket: 42, where: 'GET /tickets/42' }, { status: 404 });
    expect(error).toBeInstanceOf(GlueflowError);
    expect(error.toJSON()).toEqual({
      name: 'GlueflowError',
      code: 'EACME_NO_TICKET',
      message: 'ticket 42 does not exist',
      hint: 'check the ticket number in the PSA',
      where: 'GET /tickets/42',
      status: 404,
    });
    expect(plugin.codes).toEqual(['EACME_NO_TICKET', 'EACME_OFFLINE']);
  });

  it('`is` tells its own codes from another table’s', () => {
    const own = plugin.create('EACME_OFFLINE', undefined as never);
    const client = itglueErrors.create('EITGLUE_CLOSED', { where: 'GET /organizations' });
    expect(plugin.is(own)).toBe(true);
    expect(plugin.is(own, 'EACME_OFFLINE')).toBe(true);
    expect(plugin.is(own, 'EACME_NO_TICKET')).toBe(false);
    expect(plugin.is(client)).toBe(false);
    expect(itglueErrors.is(client, 'EITGLUE_CLOSED')).toBe(true);
    expect(plugin.is(new Error('EACME_OFFLINE'))).toBe(false);
  });

  it('refuses a code that is not E + upper case when the table loads', () => {
    const bad = { acmeOffline: () => ({ message: 'm', hint: 'h' }) };
    expect(() => defineErrors(bad)).toThrow(/"acmeOffline" must look like EUPPER_CASE/);
  });
});
