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

interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: { issues?: Array<{ path?: string; message?: string }> } };
}

/** Turns the API's error shape into a sentence and per-field messages. */
function readApiError(body: ApiErrorBody | null, status: number) {
  const fields: Record<string, string> = {};
  for (const issue of body?.error?.details?.issues ?? []) {
    if (issue.path && issue.message && !fields[issue.path]) fields[issue.path] = issue.message;
  }
  const message = body?.error?.message ?? `Sign-up failed (HTTP ${status}). Please try again.`;
  return { message: message.charAt(0).toUpperCase() + message.slice(1), fields };
}

export function RegisterForm({ providers }: { providers: Array<{ id: string; name: string }> }) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit() {
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const res = await fetch('/api/auth/register', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password, ...(name.trim() ? { name: name.trim() } : {}) }),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as ApiErrorBody | null;
        const parsed = readApiError(body, res.status);
        setError(parsed.message);
        setFieldErrors(parsed.fields);
        setBusy(false);
        return;
      }
      const signedIn = await signIn('credentials', { email, password, redirect: false });
      if (!signedIn || signedIn.error) {
        router.replace('/login');
        return;
      }
      router.replace('/dashboard');
      router.refresh();
    } catch {
      setError('Could not reach the server. Check your connection and try again.');
      setBusy(false);
    }
  }

  return (
    <Card className="auth-card" aria-labelledby="register-title">
      <CardBody className="stack">
        <div>
          <h1 id="register-title">Create your account</h1>
          <p className="muted">You get a personal organization with free credits to start.</p>
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
            label="Name"
            name="name"
            autoComplete="name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fieldErrors.name}
          />
          <InputField
            label="Email"
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldErrors.email}
          />
          <InputField
            label="Password"
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={10}
            hint="At least 10 characters; common passwords are refused."
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldErrors.password}
          />
          <Button type="submit" variant="primary" block busy={busy} busyLabel="Creating account…">
            Create account
          </Button>
        </form>
        <OAuthButtons providers={providers} callbackUrl="/dashboard" />
        <p className="muted auth-switch">
          Already have an account? <Link href="/login">Sign in</Link>
        </p>
      </CardBody>
    </Card>
  );
}
