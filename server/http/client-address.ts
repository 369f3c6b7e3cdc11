// The address a request came from, for per-address budgets (failed API keys, failed sign-ins).
// Route handlers never see the socket: Next.js writes its address into X-Forwarded-For, but only
// when the request has no such header — it keeps a client-sent one. With TRUSTED_PROXIES = N
// reverse proxies in front, each appending the address it saw, the client's is the entry the
// outermost proxy wrote: the max(N,1)-th from the right (entries further left are whatever the
// client sent). With N = 0 that is the entry Next.js wrote from the socket, unless a client that
// reaches the app directly sent the header itself: then it is forged, and nothing can tell.
import ipaddr from 'ipaddr.js';
import { env } from '../env';

/** Used when the header is missing or unreadable (requests built in-process, odd setups): one shared budget. */
export const UNKNOWN_ADDRESS = 'unknown';

function normalise(raw: string): string | null {
  let s = raw.trim();
  // Forms some proxies write: "[2001:db8::1]:443", "203.0.113.7:51234".
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  if (!ipaddr.isValid(s)) return null;
  const addr = ipaddr.process(s); // ::ffff:203.0.113.7 → 203.0.113.7
  if (addr.kind() === 'ipv6') {
    // One budget per /64: a single host usually holds a whole /64 and could rotate through it.
    const v6 = addr as ipaddr.IPv6;
    return `${v6.parts.slice(0, 4).map((p) => p.toString(16)).join(':')}::/64`;
  }
  return addr.toString();
}

export function clientAddress(headers: Headers, trustedProxies = env().TRUSTED_PROXIES): string {
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // A chain shorter than expected (a request that bypassed the proxies): its first entry.
  const entry = chain[Math.max(0, chain.length - Math.max(trustedProxies, 1))];
  return (entry && normalise(entry)) || UNKNOWN_ADDRESS;
}
