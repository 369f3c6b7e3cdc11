import Link from 'next/link';
import { ButtonLink } from '@/components/ui/button';

/** The public header (landing, sign-in, API reference). */
export function SiteHeader({ signedIn = false, current }: { signedIn?: boolean; current?: 'docs' }) {
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container site-header-inner">
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              D
            </span>
            Docsmith
          </Link>
          <nav className="site-nav" aria-label="Main">
            <Link href="/docs" aria-current={current === 'docs' ? 'page' : undefined}>
              API reference
            </Link>
          </nav>
          <span className="header-spacer" />
          {signedIn ? (
            <ButtonLink href="/dashboard" variant="primary" size="sm">
              Dashboard
            </ButtonLink>
          ) : (
            <div className="row">
              <ButtonLink href="/login" variant="ghost" size="sm">
                Sign in
              </ButtonLink>
              <ButtonLink href="/register" variant="primary" size="sm">
                Sign up
              </ButtonLink>
            </div>
          )}
        </div>
      </header>
    </>
  );
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container row-between">
        <span>Docsmith: self-hosted AI documents.</span>
        <span className="row">
          <Link href="/docs">API reference</Link>
          <a href="/api/v1/openapi.json">OpenAPI JSON</a>
        </span>
      </div>
    </footer>
  );
}
