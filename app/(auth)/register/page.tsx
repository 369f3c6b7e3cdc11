import type { Metadata } from 'next';
import Link from 'next/link';
import { RegisterForm } from '@/components/dashboard/register-form';
import { Alert } from '@/components/ui/alert';
import { Card, CardBody } from '@/components/ui/card';
import { env } from '@/server/env';
import { oauthProviders } from '../../_lib/oauth-providers';

export const metadata: Metadata = { title: 'Sign up' };
export const dynamic = 'force-dynamic';

export default function RegisterPage() {
  if (!env().ALLOW_REGISTRATION) {
    return (
      <Card className="auth-card">
        <CardBody className="stack">
          <h1>Sign up</h1>
          <Alert tone="info">Registration is disabled on this instance. Ask an administrator for an account.</Alert>
          <p>
            Already have an account? <Link href="/login">Sign in</Link>
          </p>
        </CardBody>
      </Card>
    );
  }
  return <RegisterForm providers={oauthProviders()} />;
}
