import { authOptions } from '@/server/auth/auth-options';

/** The OAuth providers configured on this instance (GitHub / Google), for sign-in buttons. */
export function oauthProviders(): Array<{ id: string; name: string }> {
  return authOptions()
    .providers.filter((p) => p.type === 'oauth')
    .map((p) => ({ id: p.id, name: p.name }));
}

/** A same-site path to go to after signing in (never an absolute or protocol-relative URL). */
export function safeCallbackUrl(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/\\') ? v : '/dashboard';
}
