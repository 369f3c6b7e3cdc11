// Accepting an invitation link: the signed-in user joins the organization with the invited role
// (a server action calling the same service as the members tRPC router).
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ApiError } from '@/server/http/api-error';
import { getDb } from '@/server/db/client';
import { acceptInvitation, previewInvitation } from '@/server/members/accept-invitation';
import { currentUser } from '../../../_lib/current-user';

export const metadata: Metadata = { title: 'Invitation' };
export const dynamic = 'force-dynamic';

async function accept(formData: FormData) {
  'use server';
  const raw = formData.get('token');
  const token = typeof raw === 'string' ? raw : '';
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`);
  let orgId: string;
  try {
    orgId = (await acceptInvitation(await getDb(), user.id, token)).org_id;
  } catch (err) {
    if (err instanceof ApiError) redirect(`/invite/${encodeURIComponent(token)}?failed=1`);
    throw err;
  }
  redirect(`/dashboard?org=${encodeURIComponent(orgId)}`);
}

export default async function InvitePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await params;
  const failed = (await searchParams).failed === '1';
  const user = await currentUser();
  let invite: Awaited<ReturnType<typeof previewInvitation>> | null = null;
  let problem: string | null = null;
  try {
    invite = await previewInvitation(await getDb(), token);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    problem = err.message;
  }
  const here = `/invite/${encodeURIComponent(token)}`;
  return (
    <div className="card auth-card">
      <div className="card-body stack">
        <h1>Join an organization</h1>
        {failed ? <Alert tone="error">The invitation could not be accepted: it may have just been used or revoked.</Alert> : null}
        {!invite ? (
          <>
            <Alert tone="error" title="Invitation not valid">
              {problem}
            </Alert>
            <p className="muted">Ask the person who invited you for a new link.</p>
            <Link href="/dashboard">Go to the dashboard</Link>
          </>
        ) : (
          <>
            <p>
              You are invited to <strong>{invite.org_name}</strong> as <strong>{invite.role}</strong>. The invitation was made for{' '}
              <strong>{invite.email}</strong>.
            </p>
            {user ? (
              <form action={accept} className="stack">
                <input type="hidden" name="token" value={token} />
                <p className="muted">
                  Signed in as {user.email}. {user.email.toLowerCase() !== invite.email ? 'This is not the invited address; you can still accept.' : ''}
                </p>
                <Button type="submit" variant="primary" block>
                  Accept and join {invite.org_name}
                </Button>
              </form>
            ) : (
              <>
                <p className="muted">Sign in (or create an account, then open this link again) to accept.</p>
                <Link className="btn btn-primary btn-block" href={`/login?callbackUrl=${encodeURIComponent(here)}`}>
                  Sign in to accept
                </Link>
                <Link href="/register">Create an account</Link>
              </>
            )}
          </>
        )}
      </div>
    </div>
  );
}
