// Readiness: 200 when the database and storage answer (and LibreOffice when required), else 503 with Retry-After.
import { checkReadiness } from '@/server/health/check-readiness';
import { RETRY_AFTER_SECONDS } from '@/server/http/database-unavailable';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const r = await checkReadiness();
  return Response.json(
    { status: r.ready ? 'ready' : 'not ready', checks: r.checks },
    { status: r.ready ? 200 : 503, headers: { 'Cache-Control': 'no-store', ...(r.ready ? {} : { 'Retry-After': String(RETRY_AFTER_SECONDS) }) } },
  );
}
