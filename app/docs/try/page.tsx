import type { Metadata } from 'next';
import { InteractiveReference } from '@/components/docs/interactive-reference';
import { SiteHeader } from '@/components/dashboard/site-header';
import { currentUser } from '../../_lib/current-user';

export const metadata: Metadata = { title: 'Try the API' };
export const dynamic = 'force-dynamic';

/** The interactive reference: every endpoint with its examples, and "try it" against this instance with an API key. */
export default async function TryApiPage() {
  const signedIn = Boolean(await currentUser());
  return (
    <>
      <SiteHeader signedIn={signedIn} current="docs" />
      <main id="main" className="interactive-reference">
        <InteractiveReference specUrl="/api/v1/openapi.json" />
      </main>
    </>
  );
}
