// The SSRF guard at registration (URL + every resolved address) and at connect time (the lookup
// node:http uses, so the socket goes only to a checked address). Names are resolved by injected
// resolvers where the test needs a name → address mapping; nothing leaves 127.0.0.1.
import type { LookupAddress } from 'node:dns';
import { afterAll, describe, expect, it } from 'vitest';
import { sendWebhook } from '../webhooks/send-webhook';
import { assertWebhookUrlAllowed, classifyAddress, parseWebhookUrl, WebhookUrlRefused, type NetworkPolicy, type Resolver } from './ssrf-guard';
import { startReceiver, type Receiver } from '../webhooks/testing/receiver';

const STRICT: NetworkPolicy = { allowLoopback: false, allowPrivateNetworks: false, allowHttp: true };
const LOOPBACK: NetworkPolicy = { ...STRICT, allowLoopback: true };
const PRIVATE: NetworkPolicy = { ...STRICT, allowPrivateNetworks: true };

const resolverOf =
  (map: Record<string, string[]>): Resolver =>
  async (host) => {
    const addrs = map[host.toLowerCase()];
    if (!addrs) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addrs.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const names = resolverOf({
  'hooks.example.com': ['93.184.216.34'],
  localhost: ['127.0.0.1', '::1'],
  'loopback.example.com': ['127.0.0.1'],
  'mixed.example.com': ['93.184.216.34', '10.1.2.3'],
  'metadata.example.com': ['169.254.169.254'],
  'v6.example.com': ['2606:4700::6810:84e5'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
});

async function refusal(url: string, policy = STRICT): Promise<WebhookUrlRefused> {
  try {
    await assertWebhookUrlAllowed(url, { policy, resolver: names });
  } catch (err) {
    if (err instanceof WebhookUrlRefused) return err;
    throw err;
  }
  throw new Error(`${url} was allowed`);
}

describe('registration-time check', () => {
  it('refuses the SSRF list when loopback and private networks are not allowed', async () => {
    const cases: Array<[string, RegExp]> = [
      ['http://127.0.0.1/hook', /127\.0\.0\.1 is a loopback address/],
      ['http://localhost/hook', /localhost .* loopback/],
      ['http://localhost./hook', /localhost\. .* loopback/],
      ['http://api.localhost/hook', /loopback/],
      ['http://[::1]/hook', /::1 is a loopback address/],
      ['http://10.0.0.1/hook', /10\.0\.0\.1 is a private address/],
      ['http://169.254.169.254/latest/meta-data', /169\.254\.169\.254 is a linkLocal address/],
      ['http://0x7f000001/hook', /127\.0\.0\.1 is a loopback address/],
      ['http://2130706433/hook', /127\.0\.0\.1 is a loopback/],
      ['http://127.1/hook', /127\.0\.0\.1 is a loopback/],
      ['http://[::ffff:127.0.0.1]/hook', /loopback/],
      ['http://[::ffff:a9fe:a9fe]/hook', /linkLocal/],
      ['http://[64:ff9b::7f00:1]/hook', /loopback/],
      ['http://0.0.0.0/hook', /unspecified/],
      ['http://[::]/hook', /unspecified/],
      ['http://224.0.0.1/hook', /multicast/],
      ['http://100.64.0.1/hook', /private|carrierGradeNat/],
      ['http://192.168.1.10/hook', /private/],
      ['http://172.16.5.4/hook', /private/],
      ['http://[fd00::1]/hook', /uniqueLocal/],
      ['http://[fe80::1]/hook', /linkLocal/],
      ['http://[fd00:ec2::254]/hook', /metadata/],
      ['http://loopback.example.com/hook', /loopback\.example\.com \(127\.0\.0\.1\) is a loopback address/],
      ['http://mapped.example.com/hook', /loopback/],
      ['http://mixed.example.com/hook', /10\.1\.2\.3/],
      ['http://metadata.example.com/hook', /linkLocal/],
    ];
    for (const [url, message] of cases) {
      const err = await refusal(url);
      expect(err.message, url).toMatch(message);
      expect(err.reason, url).toBe('address');
    }
    // WHATWG URL parsing normalises the numeric forms before the guard sees them
    expect(new URL('http://0x7f000001/').hostname).toBe('127.0.0.1');
    expect(parseWebhookUrl('http://0x7f000001:8080/x', LOOPBACK).host).toBe('127.0.0.1');
  });

  it('refuses other schemes, plain http when not allowed, and names that do not resolve', async () => {
    expect((await refusal('ftp://hooks.example.com/x')).reason).toBe('protocol');
    expect((await refusal('http://hooks.example.com/x', { ...STRICT, allowHttp: false })).message).toMatch(/must use https/);
    expect((await refusal('https://nowhere.example.com/x')).reason).toBe('unresolvable');
    expect((await refusal('not a url')).reason).toBe('bad_url');
  });

  it('allows public hosts; loopback / private only when configured, metadata never', async () => {
    await expect(assertWebhookUrlAllowed('https://hooks.example.com/x', { policy: STRICT, resolver: names })).resolves.toBeTruthy();
    await expect(assertWebhookUrlAllowed('https://v6.example.com/x', { policy: STRICT, resolver: names })).resolves.toBeTruthy();
    await expect(assertWebhookUrlAllowed('http://93.184.216.34/x', { policy: STRICT, resolver: names })).resolves.toBeTruthy();
    await expect(assertWebhookUrlAllowed('http://127.0.0.1:3000/x', { policy: LOOPBACK, resolver: names })).resolves.toBeTruthy();
    await expect(assertWebhookUrlAllowed('http://localhost:3000/x', { policy: LOOPBACK, resolver: names })).resolves.toBeTruthy();
    expect((await refusal('http://10.0.0.1/x', LOOPBACK)).message).toMatch(/WEBHOOK_ALLOW_PRIVATE_NETWORKS/);
    await expect(assertWebhookUrlAllowed('http://10.0.0.1/x', { policy: PRIVATE, resolver: names })).resolves.toBeTruthy();
    expect((await refusal('http://127.0.0.1/x', PRIVATE)).message).toMatch(/WEBHOOK_ALLOW_LOOPBACK/);
    const everything: NetworkPolicy = { allowLoopback: true, allowPrivateNetworks: true, allowHttp: true };
    await refusal('http://169.254.169.254/x', everything);
    await refusal('http://[fd00:ec2::254]/x', everything);
    await refusal('http://0.0.0.0/x', everything);
    expect(classifyAddress('8.8.8.8').cls).toBe('public');
    expect(classifyAddress('not-an-ip').cls).toBe('refused');
  });
});

describe('connect-time check (the lookup node:http uses)', () => {
  let r: Receiver;
  afterAll(async () => r?.close());

  it('a name that resolves to loopback at send time is refused before connecting (DNS rebinding)', async () => {
    r = await startReceiver(() => ({ status: 200 }));
    // Registered while it pointed at a public address…
    const rebinding = resolverOf({ 'rebind.example.com': ['93.184.216.34'] });
    await expect(assertWebhookUrlAllowed(`http://rebind.example.com:${r.port}/hook`, { policy: STRICT, resolver: rebinding })).resolves.toBeTruthy();
    // …then re-pointed at 127.0.0.1: the delivery is refused and nothing reaches the receiver.
    const now = resolverOf({ 'rebind.example.com': ['127.0.0.1'] });
    const res = await sendWebhook(`http://rebind.example.com:${r.port}/hook`, '{}', {}, { timeoutMs: 2000, policy: STRICT, resolver: now });
    expect(res.statusCode).toBeNull();
    expect(res.error).toMatch(/rebind\.example\.com \(127\.0\.0\.1\) is a loopback address/);
    // literal and localhost forms are refused as well
    for (const url of [`http://127.0.0.1:${r.port}/hook`, `http://localhost:${r.port}/hook`, `http://[::ffff:127.0.0.1]:${r.port}/hook`, `http://0x7f000001:${r.port}/hook`]) {
      const refused = await sendWebhook(url, '{}', {}, { timeoutMs: 2000, policy: STRICT });
      expect(refused.error, url).toMatch(/loopback/);
    }
    expect(r.requests).toHaveLength(0);
  });

  it('when loopback is allowed, the socket goes to the address the guard resolved (Host stays the name)', async () => {
    const resolver = resolverOf({ 'hooks.internal.test': ['127.0.0.1'] });
    const res = await sendWebhook(`http://hooks.internal.test:${r.port}/hook`, '{"a":1}', { 'webhook-id': 'whd_x' }, { timeoutMs: 2000, policy: LOOPBACK, resolver });
    expect(res).toMatchObject({ statusCode: 200, error: null });
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]).toMatchObject({ method: 'POST', path: '/hook', body: '{"a":1}' });
    expect(r.requests[0]!.headers.host).toBe(`hooks.internal.test:${r.port}`);
    expect(r.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    const redirect = await startReceiver(() => ({ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data' } }));
    try {
      const res = await sendWebhook(redirect.url, '{}', {}, { timeoutMs: 2000, policy: LOOPBACK });
      expect(res.statusCode).toBe(302);
      expect(redirect.requests).toHaveLength(1);
    } finally {
      await redirect.close();
    }
  });
});
