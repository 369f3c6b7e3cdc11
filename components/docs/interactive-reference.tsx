'use client';
// The interactive API reference ("try it"): Scalar's bundled component, loaded in the browser only
// (it is a Vue app mounted into a div). Everything it needs ships in the app's bundle: no Scalar
// fonts (the page's Inter instead), no telemetry, no agent or MCP panels, no request proxy (the
// browser calls this app directly, same origin). It reads the document from our own openapi.json.
import dynamic from 'next/dynamic';
import type { ComponentProps } from 'react';
import type { ApiReferenceReact } from '@scalar/api-reference-react';
import '@scalar/api-reference-react/style.css';

type Configuration = ComponentProps<typeof ApiReferenceReact>['configuration'];

const ScalarReference = dynamic(() => import('@scalar/api-reference-react').then((m) => m.ApiReferenceReact), {
  ssr: false,
  loading: () => <p className="muted interactive-reference-loading">Loading the interactive reference…</p>,
});

/** Settings that keep the reference self-contained (checked by the e2e test that watches its requests). */
export function scalarConfiguration(specUrl: string): Configuration {
  return {
    url: specUrl,
    // "try it" sends to this app: the document's server list is built from APP_URL, which may not be
    // the address this browser reached; a relative server resolves against the page.
    servers: [{ url: '/api/v1', description: 'This Docsmith instance' }],
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    mcp: { disabled: true },
    showDeveloperTools: 'never',
    hideClientButton: false,
    documentDownloadType: 'json',
    forceDarkModeState: 'light',
    hideDarkModeToggle: true,
    authentication: { preferredSecurityScheme: 'ApiKeyHeader' },
    persistAuth: false,
    defaultHttpClient: { targetKey: 'shell', clientKey: 'curl' },
    customCss: `.scalar-app { --scalar-font: var(--font-inter), system-ui, sans-serif; --scalar-custom-header-height: 61px; }`,
  };
}

export function InteractiveReference({ specUrl }: { specUrl: string }) {
  return <ScalarReference configuration={scalarConfiguration(specUrl)} />;
}
