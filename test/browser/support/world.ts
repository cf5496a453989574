// Everything the browser scenarios share: the built app (as `npm start` runs it, on a fresh
// embedded database), the host site on another origin, Chromium, staff accounts, and helpers
// for contexts, screenshots and what a visitor's browser received.
import jwt from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildIfStale, ChildApp, REPO_ROOT } from '../../support/child-app';
import { type HostSite, startHostSite } from './host-page';
import { setPresence, signInConsole } from './pages';

export const SCREENSHOTS = join(REPO_ROOT, 'artifacts', 'screenshots');
export const DOCS_SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IDENTITY_SECRET = `widget-identity-${randomBytes(12).toString('hex')}`;
const JWT_SECRET = `browser-tests-${randomBytes(24).toString('hex')}`;
const PASSWORD = 'correct horse battery';

export interface Account {
  id: string;
  email: string;
  password: string;
  name: string;
  accessToken: string;
}

/** Every string a context received: HTTP bodies (text) and WebSocket frames. */
export class Recorder {
  readonly received: string[] = [];

  attach(context: BrowserContext, page: Page): void {
    context.on('response', (response) => {
      const type = response.headers()['content-type'] ?? '';
      if (!/json|text|javascript/.test(type)) return;
      response.text().then(
        (body) => this.received.push(body),
        () => undefined,
      );
    });
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        this.received.push(typeof payload === 'string' ? payload : payload.toString('utf8'));
      });
    });
  }

  contains(text: string): boolean {
    return this.received.some((entry) => entry.includes(text));
  }
}

export class World {
  readonly problems: string[] = [];
  /** The latest screenshot of each name. */
  readonly shots = new Map<string, string>();
  private shotCount = 0;
  private consoleContext: { context: BrowserContext; page: Page; recorder: Recorder } | undefined;

  private constructor(
    readonly app: ChildApp,
    readonly host: HostSite,
    /** A site not in WIDGET_ORIGINS, embedding the same snippet. */
    readonly strangerHost: HostSite,
    readonly browser: Browser,
    readonly admin: Account,
    readonly csr: Account,
    private readonly cleanup: () => Promise<void>,
  ) {}

  get api(): string {
    return this.app.url;
  }

  static chromiumPath(): string | undefined {
    return existsSync(CHROMIUM) ? CHROMIUM : undefined;
  }

  static async start(log: (line: string) => void): Promise<World> {
    const executablePath = World.chromiumPath();
    if (executablePath === undefined) throw new Error(`no Chromium at ${CHROMIUM}`);
    log(`build: ${await buildIfStale()}`);
    const dataDir = mkdtempSync(join(tmpdir(), 'sts-browser-'));
    // The host page names the API's origin, known once the API listens.
    const started: { app?: ChildApp } = {};
    const host = await startHostSite(() => started.app?.url ?? '');
    const strangerHost = await startHostSite(() => started.app?.url ?? '');
    const admin = { email: 'admin@example.test', password: PASSWORD };
    const database = await freshDatabase();
    const app = await ChildApp.start(
      'api',
      {
        ...database.env,
        NODE_ENV: 'test',
        DATA_DIR: join(dataDir, 'data'),
        JWT_SECRET_KEY: JWT_SECRET,
        BCRYPT_ROUNDS: '10',
        RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'warn',
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        WIDGET_IDENTITY_SECRET: IDENTITY_SECRET,
        WIDGET_ANONYMOUS: 'true',
        WIDGET_ORIGINS: host.origin,
      },
      dataDir,
      { readyTimeoutMs: 120_000 },
    );
    started.app = app;
    log(
      `api ${app.url} on ${database.env.DATABASE_URL === undefined ? 'the embedded database' : 'PostgreSQL'}, host page ${host.origin} (log: ${app.logFile})`,
    );
    const browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-dev-shm-usage',
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
    const adminAccount = await signIn(app.url, admin.email, admin.password, 'Admin');
    const csr = await createStaff(app.url, adminAccount, 'Cara Diaz');
    // Clocks around the clock, so tickets show their SLA (a priority's own targets, none's too).
    const targets = {
      first_response_minutes: 60,
      next_response_minutes: 120,
      resolution_minutes: 480,
    };
    await fetch(`${app.url}/api/v1/admin/sla`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${adminAccount.accessToken}`,
      },
      body: JSON.stringify({
        enabled: true,
        timezone: 'UTC',
        business_hours: null,
        targets: { none: targets, low: targets, medium: targets, high: targets, urgent: targets },
      }),
    }).then((response) => {
      if (!response.ok) throw new Error(`PUT /admin/sla: ${response.status}`);
    });
    // Each run's own shots: an older run's would mix into the numbering.
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    return new World(app, host, strangerHost, browser, adminAccount, csr, async () => {
      await browser.close();
      await app.stop();
      await database.drop();
      await host.close();
      await strangerHost.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
  }

  /** An HS256 identity token as the host site's backend would sign it. */
  identityToken(sub: string, name: string, email: string): string {
    return jwt.sign({ sub, name, email }, IDENTITY_SECRET, { algorithm: 'HS256', expiresIn: 600 });
  }

  /**
   * A browser context with console errors (CSP and Trusted Types refusals) and page errors
   * watched; `expectRefusals`: a context where refusals are the point (not reported).
   */
  async context(
    name: string,
    expectRefusals = false,
  ): Promise<{ context: BrowserContext; page: Page; recorder: Recorder }> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const recorder = new Recorder();
    recorder.attach(context, page);
    page.on('console', (message) => {
      const text = message.text();
      if (
        !expectRefusals &&
        message.type() === 'error' &&
        /Content Security Policy|Trusted Type|Refused to/i.test(text)
      ) {
        this.problems.push(`${name}: ${text}`);
      }
    });
    page.on('pageerror', (error) => this.problems.push(`${name}: page error: ${error.message}`));
    return { context, page, recorder };
  }

  /** The CSR's console, signed in and online, shared by the scenarios (made on first use). */
  async agentConsole(): Promise<{ context: BrowserContext; page: Page; recorder: Recorder }> {
    if (this.consoleContext === undefined) {
      const agent = await this.context('console');
      await signInConsole(agent.page, this, this.csr);
      await setPresence(agent.page, 'Online');
      this.consoleContext = agent;
    }
    return this.consoleContext;
  }

  async screenshot(page: Page, name: string): Promise<string> {
    this.shotCount += 1;
    const file = join(SCREENSHOTS, `${String(this.shotCount).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    this.shots.set(name, file);
    return file;
  }

  async stop(): Promise<void> {
    await this.cleanup();
  }
}

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function signIn(
  api: string,
  email: string,
  password: string,
  name: string,
): Promise<Account> {
  const pair = await post<{ access_token: string }>(`${api}/api/v1/auth/login`, {
    email,
    password,
  });
  const me = (await (
    await fetch(`${api}/api/v1/users/me`, {
      headers: { authorization: `Bearer ${pair.access_token}` },
    })
  ).json()) as { id: string };
  return { id: me.id, email, password, name, accessToken: pair.access_token };
}

async function createStaff(api: string, admin: Account, name: string): Promise<Account> {
  const email = `cara-${randomBytes(4).toString('hex')}@example.test`;
  await post(
    `${api}/api/v1/admin/users`,
    { email, password: PASSWORD, full_name: name, role: 'csr' },
    admin.accessToken,
  );
  await post(
    `${api}/api/v1/csr/canned-responses`,
    {
      short_code: 'thanks',
      title: 'Thank you',
      content: 'Thank you {{user.full_name}}, I am looking into it now. {{agent.full_name}}',
    },
    admin.accessToken,
  );
  return signIn(api, email, PASSWORD, name);
}

/** With TEST_DATABASE_URL: a new database on that server, dropped at the end; else embedded. */
async function freshDatabase(): Promise<{
  env: { DATABASE_URL?: string };
  drop: () => Promise<void>;
}> {
  const server = process.env.TEST_DATABASE_URL;
  if (server === undefined || server === '') return { env: {}, drop: () => Promise.resolve() };
  const name = `sts_browser_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
