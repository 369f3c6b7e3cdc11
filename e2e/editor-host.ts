// A customer app on ANOTHER origin (http://localhost:<port>, while the app is on 127.0.0.1) that
// embeds an edit_url exactly as the reference snippet does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startHostApp(port: number): Promise<{ url: (editUrl: string) => string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://localhost');
    const src = u.searchParams.get('src') ?? '';
    const esc = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "frame-ancestors 'none'" });
    res.end(`<!doctype html><html><head><title>Customer app</title><style>body{margin:0;font-family:sans-serif}header{padding:10px 16px;background:#222;color:#fff}</style></head>
<body><header>Customer app — embedded document</header>
<iframe
  src="${esc}"
  width="100%"
  height="720"
  allow="clipboard-read; clipboard-write"
  sandbox="allow-scripts allow-same-origin allow-forms"
  title="Document viewer"
  style="border:0;display:block"
></iframe></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: (editUrl) => `http://localhost:${actual}/?src=${encodeURIComponent(editUrl)}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
