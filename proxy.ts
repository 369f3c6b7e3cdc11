// Runs before the editor page (/edit/*): its security headers depend on run-time configuration
// (EDITOR_FRAME_ANCESTORS), which next.config.js headers cannot read after the build.
import { NextResponse } from 'next/server';
import { editorSecurityHeaders } from '@/server/editor/editor-headers';

export function proxy(): NextResponse {
  const res = NextResponse.next();
  for (const [k, v] of Object.entries(editorSecurityHeaders())) res.headers.set(k, v);
  return res;
}

export const config = { matcher: ['/edit/:path*'] };
