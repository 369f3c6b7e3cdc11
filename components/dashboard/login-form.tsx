'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { InputField } from '@/components/ui/field';
import { OAuthButtons } from './oauth-buttons';
import { TOO_MANY_SIGN_INS_MESSAGE } from './sign-in-messages';

export function LoginForm({
  providers,
  callbackUrl,
  initialError,
}: {
  providers: Array<{ id: string; name: string }>;
  callbackUrl: string;
  initialError: string | null;
}) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const res = await signIn('credentials', { email, password, redirect: false });
      if (!res || res.error) {
        setError(
          res?.error === 'CredentialsSignin' || !res
            ? 'Wrong email or password.'
            : res.error === 'TooManySignInAttempts'
              ? TOO_MANY_SIGN_INS_MESSAGE
              : 'Sign-in failed. Please try again.',
        );
        setBusy(false);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError('Could not reach the server. Check your connection and try again.');
      setBusy(false);
    }
  }

  return (
    <Card className="auth-card" aria-labelledby="login-title">
      <CardBody className="stack">
        <div>
          <h1 id="login-title">Sign in</h1>
          <p className="muted">Welcome back. Sign in to manage your organizations and API keys.</p>
        </div>
        <form
          className="stack"

          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {error ? <Alert tone="error">{error}</Alert> : null}
          <InputField
            label="Email"
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <InputField
            label="Password"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Button type="submit" variant="primary" block busy={busy} busyLabel="Signing in…">
            Sign in
          </Button>
        </form>
        <OAuthButtons providers={providers} callbackUrl={callbackUrl} />
        <p className="muted auth-switch">
          New to Docsmith? <Link href="/register">Create an account</Link>
        </p>
      </CardBody>
    </Card>
  );
}
