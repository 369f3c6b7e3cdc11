import { describe, expect, it } from 'vitest';
import { clientAddress, UNKNOWN_ADDRESS } from './client-address';
import { crossSiteReason } from './same-origin';

const xff = (v: string) => new Headers({ 'x-forwarded-for': v });

describe('clientAddress', () => {
  it('no proxy: the entry Next.js wrote from the socket (the last one)', () => {
    expect(clientAddress(xff('203.0.113.7'), 0)).toBe('203.0.113.7');
    expect(clientAddress(xff('::ffff:203.0.113.7'), 0)).toBe('203.0.113.7');
    expect(clientAddress(new Headers(), 0)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(xff('not an address'), 0)).toBe(UNKNOWN_ADDRESS);
  });

  it('behind N proxies: the entry the outermost one appended; what the client sent on the left is ignored', () => {
    expect(clientAddress(xff('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(xff('6.6.6.6, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
    expect(clientAddress(xff('203.0.113.7:51234'), 1)).toBe('203.0.113.7');
    expect(clientAddress(xff('[2001:db8::1]:443'), 1)).toBe('2001:db8:0:0::/64');
    // Shorter than expected (the request bypassed a proxy): the first entry.
    expect(clientAddress(xff('203.0.113.7'), 2)).toBe('203.0.113.7');
  });

  it('IPv6 clients share one budget per /64', () => {
    expect(clientAddress(xff('2001:db8:1:2:aaaa::1'), 0)).toBe(clientAddress(xff('2001:db8:1:2:bbbb::9'), 0));
    expect(clientAddress(xff('2001:db8:1:2::1'), 0)).not.toBe(clientAddress(xff('2001:db8:1:3::1'), 0));
  });
});

describe('crossSiteReason', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it('accepts APP_URL, the Host or X-Forwarded-Host the request went to, and requests without Origin', () => {
    expect(crossSiteReason(h({ origin: 'http://localhost:3000' }))).toBeNull();
    expect(crossSiteReason(h({ origin: 'https://app.example.com', host: 'app.example.com' }))).toBeNull();
    expect(crossSiteReason(h({ origin: 'https://app.example.com', host: 'internal:3000', 'x-forwarded-host': 'app.example.com' }))).toBeNull();
    expect(crossSiteReason(h({}))).toBeNull();
    expect(crossSiteReason(h({ 'sec-fetch-site': 'same-origin' }))).toBeNull();
    expect(crossSiteReason(h({ 'sec-fetch-site': 'none' }))).toBeNull();
  });

  it('refuses another origin, a null origin, a look-alike host, and Sec-Fetch-Site: cross-site', () => {
    expect(crossSiteReason(h({ origin: 'http://evil.example', host: 'localhost:3000' }))).toMatch(/cross-site/);
    expect(crossSiteReason(h({ origin: 'null' }))).toMatch(/cross-site/);
    expect(crossSiteReason(h({ origin: 'http://localhost:3001' }))).toMatch(/cross-site/);
    expect(crossSiteReason(h({ origin: 'https://app.example.com.evil.example', host: 'app.example.com' }))).toMatch(/cross-site/);
    expect(crossSiteReason(h({ 'sec-fetch-site': 'cross-site' }))).toMatch(/cross-site/);
  });
});
