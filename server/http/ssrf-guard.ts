// SSRF guard for webhook URLs. A URL is refused when its host is, or resolves to, an address the
// server must not call on a customer's behalf: loopback, private networks, CGNAT, link-local (and
// cloud metadata), multicast, unspecified, broadcast or reserved ranges. Loopback and private
// networks can be allowed by configuration (WEBHOOK_ALLOW_LOOPBACK, WEBHOOK_ALLOW_PRIVATE_NETWORKS).
//
// Checked twice: when a URL is registered (every address the name resolves to), and at connect time
// through `guardedLookup`, the DNS lookup handed to node:http(s): the socket connects to exactly the
// address that was checked, so a name re-pointed after registration (DNS rebinding) cannot slip by.
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { env } from '../env';

export interface NetworkPolicy {
  allowLoopback: boolean;
  allowPrivateNetworks: boolean;
  allowHttp: boolean;
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export class WebhookUrlRefused extends Error {
  constructor(
    message: string,
    readonly reason: 'bad_url' | 'protocol' | 'address' | 'unresolvable',
  ) {
    super(message);
  }
}

export function networkPolicy(): NetworkPolicy {
  const e = env();
  return {
    allowLoopback: e.WEBHOOK_ALLOW_LOOPBACK,
    allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    allowHttp: e.WEBHOOK_ALLOW_HTTP ?? e.NODE_ENV !== 'production',
  };
}

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), every address. */
export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))));

// Cloud metadata services that are not already in a refused range (169.254.169.254 is link-local).
const METADATA = ['fd00:ec2::254', '100.100.100.200'];

type AddressClass = 'public' | 'loopback' | 'private' | 'refused';

/** What kind of address this is, looking through IPv4-mapped and NAT64 IPv6 forms. */
export function classifyAddress(ip: string): { cls: AddressClass; range: string } {
  if (!ipaddr.isValid(ip)) return { cls: 'refused', range: 'invalid' };
  let addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv6') {
    const v6 = addr as ipaddr.IPv6;
    const range6 = v6.range();
    if (range6 === 'ipv4Mapped') addr = v6.toIPv4Address();
    else if (range6 === 'rfc6052') {
      // NAT64: the IPv4 address is the last 32 bits.
      const b = v6.toByteArray();
      addr = new ipaddr.IPv4(b.slice(12, 16));
    } else if (v6.toNormalizedString().startsWith('0:0:0:0:0:0:') && range6 !== 'loopback' && range6 !== 'unspecified') {
      return { cls: 'refused', range: 'ipv4Compatible' };
    }
  }
  const normalized = addr.toString();
  if (METADATA.includes(normalized)) return { cls: 'refused', range: 'metadata' };
  const range = addr.range();
  if (range === 'unicast') return { cls: 'public', range };
  if (range === 'loopback') return { cls: 'loopback', range };
  if (range === 'private' || range === 'uniqueLocal' || range === 'carrierGradeNat') return { cls: 'private', range };
  return { cls: 'refused', range };
}

function addressAllowed(ip: string, policy: NetworkPolicy): { ok: boolean; range: string } {
  const { cls, range } = classifyAddress(ip);
  const ok = cls === 'public' || (cls === 'loopback' && policy.allowLoopback) || (cls === 'private' && policy.allowPrivateNetworks);
  return { ok, range };
}

function refuseAddress(host: string, ip: string, range: string): WebhookUrlRefused {
  const shown = host === ip ? ip : `${host} (${ip})`;
  const hint =
    range === 'loopback'
      ? ' (set WEBHOOK_ALLOW_LOOPBACK=true to allow it)'
      : range === 'private' || range === 'uniqueLocal' || range === 'carrierGradeNat'
        ? ' (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it)'
        : '';
  return new WebhookUrlRefused(`webhook URL host ${shown} is a ${range} address, which webhooks may not call${hint}`, 'address');
}

const isLocalhostName = (host: string) => {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
};

export interface ParsedWebhookUrl {
  url: URL;
  /** Hostname without IPv6 brackets. */
  host: string;
  /** The host is an IP literal (node connects to it without a lookup). */
  literal: boolean;
}

/**
 * The checks that need no DNS: http(s) only, and a host that is not a refused IP literal or a
 * localhost name. WHATWG URL parsing has already normalised forms such as 0x7f000001 or 127.1.
 */
export function parseWebhookUrl(raw: string, policy: NetworkPolicy = networkPolicy()): ParsedWebhookUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlRefused('webhook URL is not a valid absolute URL', 'bad_url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookUrlRefused(`webhook URL must use https (got ${url.protocol.replace(/:$/, '')})`, 'protocol');
  }
  if (url.protocol === 'http:' && !policy.allowHttp) {
    throw new WebhookUrlRefused('webhook URL must use https (plain http is refused here; WEBHOOK_ALLOW_HTTP=true allows it)', 'protocol');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new WebhookUrlRefused('webhook URL has no host', 'bad_url');
  const literal = ipaddr.isValid(host);
  if (literal) {
    const { ok, range } = addressAllowed(host, policy);
    if (!ok) throw refuseAddress(host, host, range);
  } else if (isLocalhostName(host) && !policy.allowLoopback) {
    throw refuseAddress(host, '127.0.0.1', 'loopback');
  }
  return { url, host, literal };
}

/** Registration-time check: the URL's host and every address it resolves to must be allowed. */
export async function assertWebhookUrlAllowed(
  raw: string,
  opts: { policy?: NetworkPolicy; resolver?: Resolver } = {},
): Promise<ParsedWebhookUrl> {
  const policy = opts.policy ?? networkPolicy();
  const parsed = parseWebhookUrl(raw, policy);
  if (parsed.literal) return parsed;
  let addrs: LookupAddress[];
  try {
    addrs = await (opts.resolver ?? systemResolver)(parsed.host);
  } catch {
    addrs = [];
  }
  if (!addrs.length) throw new WebhookUrlRefused(`webhook URL host ${parsed.host} does not resolve`, 'unresolvable');
  for (const a of addrs) {
    const { ok, range } = addressAllowed(a.address, policy);
    if (!ok) throw refuseAddress(parsed.host, a.address, range);
  }
  return parsed;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:http(s).request / net.connect: resolves the name itself, refuses the
 * connection when any address is not allowed, and hands node only checked addresses.
 */
export function guardedLookup(policy: NetworkPolicy, resolver: Resolver = systemResolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolver(hostname).then(
      (all) => {
        for (const a of all) {
          const { ok, range } = addressAllowed(a.address, policy);
          if (!ok) return callback(Object.assign(refuseAddress(hostname, a.address, range), { code: 'EWEBHOOKREFUSED' }), '');
        }
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const addrs = family ? all.filter((a) => a.family === family) : all;
        const first = addrs[0];
        if (!first) return callback(Object.assign(new Error(`${hostname} has no usable address`), { code: 'ENOTFOUND' }), '');
        if (options.all) return callback(null, addrs);
        return callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}

/**
 * zod refinement for a per-request webhook_url: the checks that need no DNS (scheme, IP literals,
 * localhost names), so a request naming a refused address is a 400. Names are checked again,
 * resolved, at connect time.
 */
export function refineWebhookUrl(value: string, ctx: { addIssue: (issue: { code: 'custom'; message: string }) => void }): void {
  try {
    parseWebhookUrl(value);
  } catch (err) {
    if (err instanceof WebhookUrlRefused) ctx.addIssue({ code: 'custom', message: err.message });
    else throw err;
  }
}
