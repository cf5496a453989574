// A real HTTP receiver on loopback for webhook deliveries, and the admin routes' request chains.
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { bearer, TestUser } from './users';
import type { TestApp } from '../support/test-app';
import type {
  WebhookDeliveryDetailResponse,
  WebhookDeliveryPageResponse,
  WebhookDeliveryResponse,
  WebhookWithSecretResponse,
} from '@/webhooks/webhook.response';

// The server's own wire classes (the generated client schema gains them at the next export).
export type WebhookBody = WebhookWithSecretResponse;
export type DeliveryBody = WebhookDeliveryResponse;
export type DeliveryDetailBody = WebhookDeliveryDetailResponse;
export type DeliveryPageBody = WebhookDeliveryPageResponse;

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; created_at: string; data: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (a receiver that hangs). */
  hang?: boolean;
  /** Answer this much later (a slow receiver). */
  delayMs?: number;
}

type Waiter = { match: (r: Received) => boolean; resolve: (r: Received) => void };

/** Records every request; answers 200 unless `answer` says otherwise. */
export class Receiver {
  readonly received: Received[] = [];
  /** TCP connections accepted, requests or not (a TLS hello is one too). */
  connections = 0;
  answer: (received: Received) => Answer = () => ({ status: 200, body: 'ok' });
  private waiters: Waiter[] = [];

  private constructor(
    private readonly server: Server,
    readonly host: string,
  ) {}

  static async start(host = '127.0.0.1'): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server, host);
    server.on('connection', () => {
      receiver.connections += 1;
    });
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: Received['json'];
        try {
          json = JSON.parse(body) as Received['json'];
        } catch {
          json = { id: '', type: '', created_at: '', data: {} };
        }
        const received: Received = {
          path: req.url ?? '/',
          headers: req.headers,
          body,
          json,
          at: Date.now(),
        };
        receiver.received.push(received);
        const answer = receiver.answer(received);
        receiver.waiters = receiver.waiters.filter((waiter) => {
          if (!waiter.match(received)) return true;
          waiter.resolve(received);
          return false;
        });
        if (answer.hang === true) return;
        const reply = () => {
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body ?? '');
        };
        if (answer.delayMs === undefined) reply();
        else setTimeout(reply, answer.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(
    path = '/hook',
    host = this.host.includes(':') ? `[${this.host}]` : this.host,
    scheme = 'http',
  ): string {
    return `${scheme}://${host}:${this.port}${path}`;
  }

  /** The first request (already here or still to come) that matches. */
  next(match: (received: Received) => boolean, timeoutMs = 15_000): Promise<Received> {
    const found = this.received.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such webhook arrived')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (received) => {
          clearTimeout(timer);
          resolve(received);
        },
      });
    });
  }

  of(type: string, match: (data: Record<string, unknown>) => boolean = () => true) {
    return this.next((received) => received.json.type === type && match(received.json.data));
  }

  count(match: (received: Received) => boolean): number {
    return this.received.filter(match).length;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export async function createWebhook(
  t: Pick<TestApp, 'url'>,
  admin: TestUser,
  body: Record<string, unknown>,
  status = 201,
): Promise<WebhookBody> {
  const response = await request(t.url)
    .post('/api/v1/admin/webhooks')
    .set(bearer(admin.accessToken))
    .send(body)
    .expect(status);
  return response.body as WebhookBody;
}

export async function deliveries(
  t: Pick<TestApp, 'url'>,
  admin: TestUser,
  webhookId: string,
  query = '',
): Promise<DeliveryPageBody> {
  const response = await request(t.url)
    .get(`/api/v1/admin/webhooks/${webhookId}/deliveries${query}`)
    .set(bearer(admin.accessToken))
    .expect(200);
  return response.body as DeliveryPageBody;
}

export async function delivery(
  t: Pick<TestApp, 'url'>,
  admin: TestUser,
  webhookId: string,
  deliveryId: string,
): Promise<DeliveryDetailBody> {
  const response = await request(t.url)
    .get(`/api/v1/admin/webhooks/${webhookId}/deliveries/${deliveryId}`)
    .set(bearer(admin.accessToken))
    .expect(200);
  return response.body as DeliveryDetailBody;
}

/** Polls the log (deliveries are recorded a moment after the receiver answered). */
export async function deliveryWhen(
  t: Pick<TestApp, 'url'>,
  admin: TestUser,
  webhookId: string,
  match: (item: DeliveryBody) => boolean,
  timeoutMs = 15_000,
): Promise<DeliveryBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = await deliveries(t, admin, webhookId, '?limit=100');
    const found = page.items.find(match);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no matching delivery: ${JSON.stringify(page)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
