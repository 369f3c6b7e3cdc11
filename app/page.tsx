import { redirect } from 'next/navigation';
import { currentUser } from './_lib/current-user';
import { SiteFooter, SiteHeader } from '@/components/dashboard/site-header';
import { ButtonLink } from '@/components/ui/button';

export const dynamic = 'force-dynamic';

const features = [
  {
    title: 'Excel, Word and PowerPoint',
    body: 'Describe the workbook, report or deck you need; the agent builds real .xlsx, .docx and .pptx files with formulas, tables and charts.',
  },
  {
    title: 'Documents that stay alive',
    body: 'Every document is a run. Follow-up prompts and edits in the embedded editor keep refining the same file.',
  },
  {
    title: 'One REST API',
    body: 'Generate, poll tasks, download, export to PDF and receive signed webhooks, with API keys per workspace.',
  },
  {
    title: 'Yours to host',
    body: 'Runs on a laptop with no external services, and scales out with PostgreSQL, S3 and Inngest when you need it.',
  },
];

export default async function LandingPage() {
  if (await currentUser()) redirect('/dashboard');
  return (
    <>
      <SiteHeader />
      <main id="main">
        <section className="hero">
          <div className="container">
            <p className="eyebrow">Self-hostable AI documents</p>
            <h1>Office documents from a prompt, served over an API.</h1>
            <p className="hero-lead">
              Docsmith turns natural-language requests into Excel workbooks, Word documents and PowerPoint decks, keeps
              them editable, and gives your applications a versioned REST API to build on.
            </p>
            <div className="row hero-actions">
              <ButtonLink href="/register" variant="primary" size="lg">
                Create an account
              </ButtonLink>
              <ButtonLink href="/login" size="lg">
                Sign in
              </ButtonLink>
              <ButtonLink href="/docs" variant="ghost" size="lg">
                API reference →
              </ButtonLink>
            </div>
          </div>
        </section>
        <section className="container features" aria-labelledby="features-title">
          <h2 id="features-title" className="sr-only">
            Features
          </h2>
          <ul className="grid-cards feature-list" role="list">
            {features.map((f) => (
              <li key={f.title} className="card card-body">
                <h3>{f.title}</h3>
                <p className="muted">{f.body}</p>
              </li>
            ))}
          </ul>
          <div className="card card-body code-sample">
            <h3>Try it</h3>
            <pre>
              <code>{`curl -X POST $DOCSMITH_URL/api/v1/excel/generate \\
  -H "X-API-Key: $DOCSMITH_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"prompt": "Quarterly sales by region with a chart"}'`}</code>
            </pre>
          </div>
        </section>
      </main>
      <SiteFooter />
    </>
  );
}
