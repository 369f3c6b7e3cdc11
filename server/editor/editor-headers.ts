// Security headers of the editor (its page, its entry redirect and its API). The editor is made to
// be framed by customer apps: frame-ancestors comes from EDITOR_FRAME_ANCESTORS (default *), plus
// 'self' for the dashboard's own run page. No Referer ever leaves it (the token is in its URL).
import 'server-only';
import { env } from '../env';

export function editorFrameAncestors(): string {
  const configured = env().EDITOR_FRAME_ANCESTORS.trim();
  if (configured === '*' ) return '*';
  const sources = configured.split(/\s+/).filter((s) => s && s !== "'self'");
  return ["'self'", ...sources].join(' ');
}

export function editorSecurityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': `frame-ancestors ${editorFrameAncestors()}`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}
