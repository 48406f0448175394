import { describe, expect, it } from 'vitest';
import { TributaryError } from '../errors.ts';
import { explainNetworkError } from './network-error.ts';

const failed = (code: string, message = 'fetch failed') => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code }) });
const registry = { who: 'the schema registry', url: 'https://registry.example:8081', timeoutSeconds: 10 };

describe('explaining a request that got no answer', () => {
  it('names the endpoint, its URL and what to check for each kind of network failure', () => {
    expect(explainNetworkError(failed('ENOTFOUND'), registry)).toMatchObject({ kind: 'Unreachable', message: 'Cannot resolve the host of the schema registry at https://registry.example:8081 (DNS lookup failed) — check the URL' });
    expect(explainNetworkError(failed('ECONNREFUSED'), { ...registry, who: 'ksqlDB' }).message).toBe('Connection refused by ksqlDB at https://registry.example:8081 — is it running, and is the port right?');
    expect(explainNetworkError(Object.assign(new Error('aborted'), { name: 'TimeoutError' }), registry).message).toBe('No answer from the schema registry at https://registry.example:8081 within 10 s — is the address right?');
    expect(explainNetworkError(failed('ECONNRESET', 'socket hang up'), registry).message).toBe('The schema registry at https://registry.example:8081 closed the connection (socket hang up)');
    expect(explainNetworkError(failed('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), registry)).toMatchObject({ kind: 'TlsFailed', message: expect.stringContaining('check its certificate or the CA') });
    expect(explainNetworkError(new TypeError('bad port'), registry)).toMatchObject({ kind: 'Invalid', message: expect.stringContaining('a reserved port') });
    expect(explainNetworkError(failed('EHOSTUNREACH', 'connect EHOSTUNREACH'), registry).message).toBe('The schema registry at https://registry.example:8081 could not be reached: connect EHOSTUNREACH');
  });

  it('passes an error that is already explained through unchanged', () => {
    const explained = new TributaryError('AuthFailed', 'wrong password');
    expect(explainNetworkError(explained, registry)).toBe(explained);
  });
});
