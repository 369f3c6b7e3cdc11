import type { Metadata } from 'next';
import { LoginForm } from '@/components/dashboard/login-form';
import { TOO_MANY_SIGN_INS_MESSAGE } from '@/components/dashboard/sign-in-messages';
import { oauthProviders, safeCallbackUrl } from '../../_lib/oauth-providers';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

const ERRORS: Record<string, string> = {
  CredentialsSignin: 'Wrong email or password.',
  OAuthAccountNotLinked: 'This email is already used with another sign-in method.',
  AccessDenied: 'Access denied.',
  SessionRequired: 'Please sign in to continue.',
  TooManySignInAttempts: TOO_MANY_SIGN_INS_MESSAGE,
};

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const errorCode = typeof sp.error === 'string' ? sp.error : undefined;
  return (
    <LoginForm
      providers={oauthProviders()}
      callbackUrl={safeCallbackUrl(sp.callbackUrl)}
      initialError={errorCode ? (ERRORS[errorCode] ?? 'Sign-in failed. Please try again.') : null}
    />
  );
}
