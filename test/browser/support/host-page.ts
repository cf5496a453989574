// The host site: a tiny static server on another port of 127.0.0.1 (another origin than the API)
// whose page embeds widget.js the way a customer's site would, with its own strict CSP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostSite {
  origin: string;
  /** The page's URL; with an identity token, the page passes it to SupportWidget.identify(). */
  url(identityToken?: string): string;
  close(): Promise<void>;
}

const page = (apiOrigin: string, token: string | undefined) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Acme shop</title>
    <style>
      /* Host CSS that would break a widget living in the page's own DOM. */
      * { font-family: Georgia, serif !important; }
      button { display: none; }
      iframe { border: 20px solid red; width: 10px !important; }
      div { position: static !important; }
      body { margin: 0; padding: 2rem; background: #fafafa; }
    </style>
  </head>
  <body>
    <header><a href="#top">Acme shop</a></header>
    <main>
      <h1>Acme shop</h1>
      <p>Everything for the garden.</p>
    </main>
    ${
      token === undefined
        ? ''
        : `<script>window.SupportWidget = [['identify', ${JSON.stringify(token)}]];</script>`
    }
    <script src="${apiOrigin}/widget.js" data-title="Help" data-category="chat" data-type="question" async></script>
  </body>
</html>`;

export async function startHostSite(apiOrigin: () => string): Promise<HostSite> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host');
    if (url.pathname !== '/') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    response.end(page(apiOrigin(), url.searchParams.get('token') ?? undefined));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (token) =>
      token === undefined ? `${origin}/` : `${origin}/?token=${encodeURIComponent(token)}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
