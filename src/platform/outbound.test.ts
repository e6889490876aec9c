import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  classifyAddress,
  guardedFetch,
  type HostResolver,
  OutboundRefused,
  outboundUrlProblem,
  policyFor,
  urlShapeProblem,
} from './outbound.ts';

const PROD = policyFor(true);
const DEV = policyFor(false);
/** A resolver that never touches the network: names → fixed answers. */
const stub =
  (table: Record<string, string[]>): HostResolver =>
  async (host) => {
    const found = table[host];
    if (!found) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  };

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:a9fe:a9fe::1', 'metadata'],
    ['224.0.0.1', 'multicast'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['200.160.2.3', 'public'],
    ['2804:14c::1', 'public'],
  ])('%s → %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('urlShapeProblem', () => {
  it('production: https to a public host only; no credentials, query or fragment', () => {
    expect(urlShapeProblem('https://api.psp.com.br/v2', PROD)).toBeNull();
    expect(urlShapeProblem('http://api.psp.com.br', PROD)).toMatch(/https/);
    expect(urlShapeProblem('https://user:pw@api.psp.com.br', PROD)).toMatch(/usuário ou senha/);
    expect(urlShapeProblem('https://api.psp.com.br?x=1', PROD)).toMatch(/consulta/);
    expect(urlShapeProblem('https://api.psp.com.br#a', PROD)).toMatch(/fragmento/);
    expect(urlShapeProblem('https://127.0.0.1:8787', PROD)).toMatch(/loopback/);
    expect(urlShapeProblem('https://localhost', PROD)).toMatch(/loopback/);
    expect(urlShapeProblem('https://10.0.0.8', PROD)).toMatch(/privada/);
    expect(urlShapeProblem('https://[::ffff:169.254.169.254]', PROD)).toMatch(/metadados/);
    expect(urlShapeProblem('ftp://x', PROD)).toMatch(/https/);
  });

  it('development: the same, except loopback (the PSP simulator, over http)', () => {
    expect(urlShapeProblem('http://127.0.0.1:8787', DEV)).toBeNull();
    expect(urlShapeProblem('http://localhost:8787', DEV)).toBeNull();
    expect(urlShapeProblem('http://[::1]:8787', DEV)).toBeNull();
    expect(urlShapeProblem('http://10.0.0.8', DEV)).toMatch(/https/);
    expect(urlShapeProblem('https://192.168.1.1', DEV)).toMatch(/privada/);
    expect(urlShapeProblem('https://169.254.169.254', DEV)).toMatch(/metadados/);
  });
});

describe('outboundUrlProblem (after DNS resolution)', () => {
  const resolver = stub({
    'psp.example.com.br': ['200.160.2.3'],
    'interno.example.com.br': ['10.0.0.5'],
    'misto.example.com.br': ['200.160.2.3', '169.254.169.254'],
    'local.example.com.br': ['127.0.0.1'],
  });
  it('refuses a name that resolves to any address not allowed', async () => {
    expect(await outboundUrlProblem('https://psp.example.com.br', PROD, resolver)).toBeNull();
    expect(await outboundUrlProblem('https://interno.example.com.br', PROD, resolver)).toMatch(/10\.0\.0\.5/);
    expect(await outboundUrlProblem('https://misto.example.com.br', PROD, resolver)).toMatch(/metadados/);
    expect(await outboundUrlProblem('https://local.example.com.br', PROD, resolver)).toMatch(/loopback/);
    expect(await outboundUrlProblem('https://local.example.com.br', DEV, resolver)).toBeNull();
    expect(await outboundUrlProblem('https://nao-existe.example', PROD, resolver)).toMatch(/DNS/);
  });
});

describe('guardedFetch (check at connect time)', () => {
  it('DNS rebinding: a name that now resolves to loopback or metadata is refused before connecting', async () => {
    let calls = 0;
    const rebinding: HostResolver = async () => (++calls === 1 ? ['200.160.2.3'] : ['169.254.169.254']);
    expect(await outboundUrlProblem('https://psp.example.com.br', PROD, rebinding)).toBeNull();
    const f = guardedFetch(PROD, rebinding);
    await expect(f('https://psp.example.com.br/oauth/token', { method: 'POST' })).rejects.toThrow(
      OutboundRefused,
    );
    await expect(
      guardedFetch(PROD, stub({ 'psp.example.com.br': ['127.0.0.1'] }))('https://psp.example.com.br/x'),
    ).rejects.toThrow(/loopback/);
  });

  it('refuses literal addresses and plain http in production before any socket opens', async () => {
    const f = guardedFetch(PROD, stub({}));
    await expect(f('http://127.0.0.1:1/')).rejects.toThrow(OutboundRefused);
    await expect(f('https://[fe80::1]/')).rejects.toThrow(OutboundRefused);
  });

  it('development: reaches a loopback server through a name, with method, headers, body and status', async () => {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization, body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const f = guardedFetch(DEV, stub({ localhost: ['127.0.0.1'] }));
      const r = await f(`http://localhost:${port}/cob`, {
        method: 'PUT',
        headers: { authorization: 'Bearer x' },
        body: '{"a":1}',
      });
      expect(r.status).toBe(201);
      expect(await r.json()).toEqual({ method: 'PUT', auth: 'Bearer x', body: '{"a":1}' });
      // And a server that never answers is cut by the caller's signal.
      const hang = createServer(() => {});
      await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
      const hangPort = (hang.address() as AddressInfo).port;
      await expect(
        f(`http://127.0.0.1:${hangPort}/`, { signal: AbortSignal.timeout(100) }),
      ).rejects.toMatchObject({ name: 'TimeoutError' });
      hang.closeAllConnections();
      hang.close();
    } finally {
      server.close();
    }
  });
});
