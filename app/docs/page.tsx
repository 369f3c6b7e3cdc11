import type { Metadata } from 'next';
import { ApiReference } from '@/components/docs/api-reference';
import type { OpenApiDoc } from '@/components/docs/openapi-types';
import { SiteFooter, SiteHeader } from '@/components/dashboard/site-header';
import { PageHeader } from '@/components/ui/page-header';
import { env } from '@/server/env';
import { buildOpenApiDocument } from '@/server/api/openapi-document';
import { currentUser } from '../_lib/current-user';

export const metadata: Metadata = { title: 'API reference' };
export const dynamic = 'force-dynamic';

export default async function DocsPage() {
  const doc = buildOpenApiDocument(env().APP_URL) as unknown as OpenApiDoc;
  const signedIn = Boolean(await currentUser());
  return (
    <>
      <SiteHeader signedIn={signedIn} current="docs" />
      <main id="main" className="main">
        <div className="container">
          <PageHeader
            title={`${doc.info.title} reference`}
            description={`Version ${doc.info.version}. Every endpoint below is generated from the same schemas that validate requests.`}
            actions={
              <div className="row">
                <a className="btn btn-primary" href="/docs/try">
                  Try it
                </a>
                <a className="btn" href="/api/v1/openapi.json">
                  Download openapi.json
                </a>
              </div>
            }
          />
          <ApiReference doc={doc} />
        </div>
      </main>
      <SiteFooter />
    </>
  );
}
