import { allowedHosts, checkRequest, isLoopback, parseHttpAddress, type GuardRules } from '../../reflect/http-guard.js';

// Pure checks of what `tmux-orc mcp --http` lets through; test/e2e/mcp-http.test.ts drives the real server.
describe('parseHttpAddress', () => {
  test('port, :port, host:port and [v6]:port; loopback when no host is given', () => {
    expect(parseHttpAddress('8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseHttpAddress(':0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseHttpAddress('0.0.0.0:9000')).toEqual({ host: '0.0.0.0', port: 9000 });
    expect(parseHttpAddress('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(parseHttpAddress('localhost:1')).toEqual({ host: 'localhost', port: 1 });
  });

  const bad = ['', 'host', 'host:', '1.2.3.4:65536', 'a b:80', 'http://x:80', 'x:80/path', '::1:80', '9'.repeat(300)];
  test.each(bad)('%j is refused with a message', (text) => {
    expect(typeof parseHttpAddress(text)).toBe('string');
  });
});

describe('the request checks', () => {
  const loopback = allowedHosts({ host: '127.0.0.1', port: 0 }, 4242);
  const origins = new Set(['http://localhost:6274']);
  const rules: GuardRules = { hosts: loopback, origins, token: 'a-long-enough-token-1234' };
  const ok = { host: '127.0.0.1:4242', authorization: 'Bearer a-long-enough-token-1234' };

  test('on loopback the bound host:port and the localhost forms are this server; nothing else is', () => {
    expect([...loopback].sort()).toEqual(['127.0.0.1:4242', '[::1]:4242', 'localhost:4242']);
    expect(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost')).toBe(true);
    expect(isLoopback('0.0.0.0') || isLoopback('192.168.1.2') || isLoopback('localhost.evil.example')).toBe(false);
    const lan = allowedHosts({ host: '192.168.1.2', port: 80 }, 80);
    expect([...lan]).toEqual(['192.168.1.2:80']);
  });

  test('a request with the right Host and token passes, with or without its own Origin', () => {
    expect(checkRequest(ok, rules)).toBeUndefined();
    expect(checkRequest({ ...ok, host: 'LOCALHOST:4242' }, rules)).toBeUndefined();
    expect(checkRequest({ ...ok, origin: 'http://localhost:4242' }, rules)).toBeUndefined();
    expect(checkRequest({ ...ok, origin: 'http://localhost:6274' }, rules)).toBeUndefined();
  });

  test.each([
    ['a foreign Host (DNS rebinding)', { host: 'evil.example:4242' }],
    ['another port', { host: '127.0.0.1:4243' }],
    ['no Host', { host: undefined }],
    ['a look-alike Host', { host: '127.0.0.1:4242.evil.example' }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['the null Origin', { origin: 'null' }],
    ['this host over https (another origin)', { origin: 'https://127.0.0.1:4242' }],
  ])('%s is 403, even with the token', (_what, change) => {
    expect(checkRequest({ ...ok, ...change }, rules)?.status).toBe(403);
  });

  test.each([
    ['no Authorization', undefined],
    ['a wrong token', 'Bearer a-long-enough-token-1235'],
    ['a prefix of the token', 'Bearer a-long-enough'],
    ['another scheme', 'Basic a-long-enough-token-1234'],
    ['the token twice', 'Bearer a-long-enough-token-1234 a-long-enough-token-1234'],
  ])('%s is 401', (_what, authorization) => {
    expect(checkRequest({ ...ok, authorization }, rules)?.status).toBe(401);
  });
});
