'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { useSelectedOrg, withOrg } from './use-selected-org';
import './dashboard.css';

function OrgSwitcher() {
  const router = useRouter();
  const pathname = usePathname();
  const { orgs, org } = useSelectedOrg();
  if (!orgs.length) return null;
  return (
    <div className="org-switcher">
      <label htmlFor="org-switcher" className="sr-only">
        Organization
      </label>
      <select
        id="org-switcher"
        className="select"
        value={org?.id ?? ''}
        onChange={(e) => router.push(withOrg(pathname, e.target.value))}
      >
        {org ? null : <option value="">Choose an organization</option>}
        <optgroup label="Personal">
          {orgs
            .filter((o) => o.kind === 'personal')
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
        </optgroup>
        {orgs.some((o) => o.kind === 'workspace') ? (
          <optgroup label="Workspaces">
            {orgs
              .filter((o) => o.kind === 'workspace')
              .map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
          </optgroup>
        ) : null}
      </select>
    </div>
  );
}

const NAV_ITEMS = [
  { href: '/dashboard', label: 'Overview' },
  { href: '/dashboard/runs', label: 'Runs' },
  { href: '/dashboard/playground', label: 'Playground' },
  { href: '/dashboard/keys', label: 'API keys' },
  { href: '/dashboard/webhooks', label: 'Webhooks' },
  { href: '/dashboard/images', label: 'Images' },
  { href: '/dashboard/usage', label: 'Usage' },
  { href: '/dashboard/settings', label: 'Settings' },
];

function isCurrent(pathname: string, href: string) {
  return href === '/dashboard' ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
}

function Nav() {
  const pathname = usePathname();
  const { org } = useSelectedOrg();
  return (
    <nav className="site-nav dashboard-nav" aria-label="Dashboard">
      {NAV_ITEMS.map((i) => (
        <Link
          key={i.href}
          href={withOrg(i.href, org?.id)}
          aria-current={isCurrent(pathname, i.href) ? 'page' : undefined}
        >
          {i.label}
        </Link>
      ))}
      <Link href="/docs">API reference</Link>
    </nav>
  );
}

export function DashboardShell({
  user,
  children,
}: {
  user: { email: string; name: string | null };
  children: ReactNode;
}) {
  const [signingOut, setSigningOut] = useState(false);
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container site-header-inner dashboard-header">
          <Link href="/dashboard" className="brand" aria-label="Docsmith dashboard">
            <span className="brand-mark" aria-hidden="true">
              D
            </span>
            Docsmith
          </Link>
          <OrgSwitcher />
          <span className="header-spacer" />
          <div className="header-user">
            <span className="header-email" title={user.email}>
              {user.name ?? user.email}
            </span>
            <Button
              size="sm"
              busy={signingOut}
              busyLabel="Signing out…"
              onClick={() => {
                setSigningOut(true);
                void signOut({ callbackUrl: '/' });
              }}
            >
              Sign out
            </Button>
          </div>
        </div>
        <div className="container dashboard-nav-row">
          <Nav />
        </div>
      </header>
      <main id="main" className="main">
        <div className="container">{children}</div>
      </main>
    </>
  );
}
