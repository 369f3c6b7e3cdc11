import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/dashboard/site-header';
import { currentUser } from '../_lib/current-user';

/** Sign-in, sign-up and invitation pages; the header reflects the session like the other public pages. */
export default async function AuthLayout({ children }: { children: ReactNode }) {
  const signedIn = Boolean(await currentUser());
  return (
    <>
      <SiteHeader signedIn={signedIn} />
      <main id="main" className="auth-shell">
        {children}
      </main>
    </>
  );
}
