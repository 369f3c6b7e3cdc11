import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/dashboard/site-header';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      <main id="main" className="auth-shell">
        {children}
      </main>
    </>
  );
}
