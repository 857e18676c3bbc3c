import { describe, expect, it } from '@jest/globals';
import { endpointProblem, originOf } from './endpoint.js';

describe('endpoint', () => {
  it.each([
    'https://hooks.example.com/x',
    'http://127.0.0.1:8080/hook',
    'http://127.9.9.9/hook',
    'http://localhost:3000/',
    'http://[::1]:9000/hook',
  ])('accepts %s', (url) => expect(endpointProblem(url)).toBeUndefined());

  it.each([
    ['http://hooks.example.com/x', 'http:// is allowed only to a loopback host, not hooks.example.com'],
    ['http://10.0.0.5/x', 'http:// is allowed only to a loopback host, not 10.0.0.5'],
    ['http://127.0.0.1.evil.com/x', 'http:// is allowed only to a loopback host, not 127.0.0.1.evil.com'],
    ['ftp://example.com/x', 'the scheme ftp: is not https:'],
    ['hooks.example.com/x', 'not an absolute URL'],
  ])('refuses %s', (url, problem) => expect(endpointProblem(url)).toBe(problem));

  it('prints the origin only: webhook paths often hold tokens', () => {
    expect(originOf('https://user:pw@hooks.example.com:8443/services/T0/B0/SECRET?x=1')).toBe(
      'https://hooks.example.com:8443',
    );
  });
});
