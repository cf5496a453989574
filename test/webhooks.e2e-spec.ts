// Webhooks (issue 15) against a real receiver on loopback: the admin routes, every event type's
// payload and Standard Webhooks signature (checked with the `standardwebhooks` package), rotation,
// retries with Retry-After, disabling after 20 failed deliveries, replay and ping, the outbox's
// rollback, and the address guard refusing loopback targets (the receiver sees nothing).
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { postMessage } from './factories/messages';
import { postNote } from './factories/notes';
import { FakeClock, NO_TARGETS, putSla } from './factories/sla';
import { assignTicket, createTicket, csrPatch, ProblemBody } from './factories/tickets';
import { bearer, createUser, TestUser } from './factories/users';
import {
  createWebhook,
  deliveries,
  delivery,
  deliveryWhen,
  Received,
  Receiver,
  WebhookBody,
} from './factories/webhooks';
import { startTestApp, TestApp } from './support/test-app';
import { SlaCheckJob } from '@/sla/sla-check.job';
import { TicketsService } from '@/tickets/tickets.service';
import { WebhookDispatcher } from '@/webhooks/webhook-dispatcher';

const TRUSTING = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_RETRY_SCHEDULE: '1,1,2',
  WEBHOOK_TIMEOUT_SECONDS: '2',
  SLA_CHECK_SECONDS: '3600',
};

const verified = (secret: string, received: Received): unknown =>
  new Webhook(secret).verify(received.body, received.headers as Record<string, string>);

describe('Webhooks', () => {
  let t: TestApp;
  let receiver: Receiver;
  let admin: TestUser;
  let csr: TestUser;
  let owner: TestUser;
  /** Subscribed to everything, notes included: every event lands here. */
  let all: WebhookBody;

  const webhooksPath = '/api/v1/admin/webhooks';

  beforeAll(async () => {
    t = await startTestApp(TRUSTING);
    receiver = await Receiver.start();
    admin = await createUser(t, 'admin');
    csr = await createUser(t, 'csr');
    owner = await createUser(t);
    all = await createWebhook(t, admin, {
      url: receiver.url('/all'),
      events: ['*', 'note.created'],
      description: 'everything',
    });
  });

  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const at = (path: string) => (received: Received) => received.path === path;

  describe('endpoints', () => {
    it('creates one with a whsec_ secret shown only on creation', async () => {
      expect(all).toMatchObject({
        url: receiver.url('/all'),
        events: ['*', 'note.created'],
        description: 'everything',
        enabled: true,
      });
      expect(all.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      const one = await request(t.url)
        .get(`${webhooksPath}/${all.id}`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(one.body).not.toHaveProperty('secret');
      expect(one.body).toMatchObject({ id: all.id, enabled: true });
      const list = await request(t.url)
        .get(webhooksPath)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect((list.body as { items: { id: string }[] }).items.map((item) => item.id)).toContain(
        all.id,
      );
      expect(JSON.stringify(list.body)).not.toContain(all.secret);
    });

    it.each([
      ['an unknown event', { url: 'https://a.example.com/', events: ['ticket.deleted'] }, 'events'],
      ['no events', { url: 'https://a.example.com/', events: [] }, 'events'],
      ['a relative url', { url: '/hook', events: ['*'] }, 'url'],
      ['an ftp url', { url: 'ftp://a.example.com/', events: ['*'] }, 'url'],
      [
        'a url over 2,000 characters',
        { url: `https://a.example.com/${'x'.repeat(2000)}`, events: ['*'] },
        'url',
      ],
      ['no url', { events: ['*'] }, 'url'],
    ])('refuses %s with 400', async (_name, body, field) => {
      const response = await request(t.url)
        .post(webhooksPath)
        .set(bearer(admin.accessToken))
        .send(body)
        .expect(400);
      expect((response.body as ProblemBody).errors?.map((error) => error.field)).toContain(field);
    });

    it('is for admins only', async () => {
      await request(t.url).get(webhooksPath).set(bearer(csr.accessToken)).expect(403);
      await request(t.url)
        .post(webhooksPath)
        .set(bearer(owner.accessToken))
        .send({ url: 'https://a.example.com/', events: ['*'] })
        .expect(403);
    });

    it('pages through endpoints with a cursor', async () => {
      // Loopback only, and an event no other test sends: tests never reach past this machine.
      for (let i = 0; i < 3; i++) {
        await createWebhook(t, admin, {
          url: receiver.url(`/page-${i}`),
          events: ['csat.submitted'],
        });
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`;
        const page = await request(t.url)
          .get(`${webhooksPath}${query}`)
          .set(bearer(admin.accessToken))
          .expect(200);
        const body = page.body as { items: { id: string }[]; next_cursor: string | null };
        seen.push(...body.items.map((item) => item.id));
        cursor = body.next_cursor;
      } while (cursor !== null);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBeGreaterThanOrEqual(4);
      await request(t.url)
        .get(`${webhooksPath}?cursor=not-a-cursor`)
        .set(bearer(admin.accessToken))
        .expect(400);
    });

    it('changes, turns off and removes an endpoint', async () => {
      const hook = await createWebhook(t, admin, {
        url: receiver.url('/x'),
        events: ['csat.submitted'],
      });
      const patched = await request(t.url)
        .patch(`${webhooksPath}/${hook.id}`)
        .set(bearer(admin.accessToken))
        .send({ events: ['ticket.created'], description: 'crm', enabled: false })
        .expect(200);
      expect(patched.body).toMatchObject({
        events: ['ticket.created'],
        description: 'crm',
        enabled: false,
      });
      await request(t.url)
        .patch(`${webhooksPath}/${hook.id}`)
        .set(bearer(admin.accessToken))
        .send({})
        .expect(400);
      await request(t.url)
        .delete(`${webhooksPath}/${hook.id}`)
        .set(bearer(admin.accessToken))
        .expect(204);
      await request(t.url)
        .get(`${webhooksPath}/${hook.id}`)
        .set(bearer(admin.accessToken))
        .expect(404);
    });
  });

  describe('events', () => {
    it('sends every type signed, with the API’s JSON as data', async () => {
      const ticket = await createTicket(t, owner);
      const created = await receiver.of('ticket.created', (data) => data.id === ticket.id);
      expect(verified(all.secret, created)).toEqual(created.json);
      expect(created.json.data).toEqual(ticket);
      expect(created.headers['webhook-id']).toBe(created.json.id);
      expect(created.headers['user-agent']).toMatch(/^SupportTicketSystem-Webhooks\/\d+\.\d+\.\d+/);
      expect(
        Math.abs(Number(created.headers['webhook-timestamp']) - Date.now() / 1000),
      ).toBeLessThan(60);

      await assignTicket(t, admin, ticket.id, csr.id);
      const assigned = await receiver.of(
        'ticket.assigned',
        (data) => data.id === ticket.id && data.assigned_to_id === csr.id,
      );
      expect(verified(all.secret, assigned)).toBeTruthy();

      await csrPatch(t, csr, ticket.id, { priority: 'high' });
      const updated = await receiver.of(
        'ticket.updated',
        (data) => data.id === ticket.id && data.priority === 'high',
      );
      expect(updated.json.changes).toEqual({ priority: { from: null, to: 'high' } });
      expect(verified(all.secret, updated)).toBeTruthy();

      const message = await postMessage(t, csr, ticket.id, 'On it');
      const sent = await receiver.of('message.created', (data) => data.id === message.id);
      expect(sent.json.data).toEqual(message);

      const note = await postNote(t, csr, ticket.id, 'Customer is on the VIP plan');
      const noted = await receiver.of('note.created', (data) => data.id === note.id);
      expect(noted.json.data).toEqual(note);
      expect(verified(all.secret, noted)).toBeTruthy();

      await csrPatch(t, csr, ticket.id, { status: 'resolved' });
      await request(t.url)
        .post(`/api/v1/users/tickets/${ticket.id}/satisfaction`)
        .set(bearer(owner.accessToken))
        .send({ rating: 5 })
        .expect(201);
      const rated = await receiver.of('csat.submitted', (data) => data.ticket_id === ticket.id);
      expect(rated.json.data).toMatchObject({ ticket_id: ticket.id, rating: 5 });
    });

    it('sends sla.warning and sla.breached once each', async () => {
      const clock = new FakeClock(t, new Date().toISOString());
      const policy = {
        enabled: true,
        timezone: 'UTC',
        business_hours: null,
        holidays: [],
        targets: {
          none: { ...NO_TARGETS, first_response_minutes: 10 },
        },
      };
      await putSla(t, admin, policy);
      const ticket = await createTicket(t, owner);
      clock.advance(9);
      await t.app.get(SlaCheckJob).check();
      clock.advance(2);
      await t.app.get(SlaCheckJob).check();
      const warning = await receiver.of('sla.warning', (data) => data.ticket_id === ticket.id);
      const breach = await receiver.of('sla.breached', (data) => data.ticket_id === ticket.id);
      expect(warning.json.data).toMatchObject({ clock: 'first_response', run: 1 });
      expect(breach.json.data).toMatchObject({ clock: 'first_response', run: 1 });
      expect(verified(all.secret, breach)).toBeTruthy();
      await putSla(t, admin, { ...policy, enabled: false });
      jest.restoreAllMocks();
    });

    it('never sends note.created to a wildcard subscriber', async () => {
      const wildcard = await createWebhook(t, admin, { url: receiver.url('/wild'), events: ['*'] });
      const ticket = await createTicket(t, owner);
      await postNote(t, csr, ticket.id, 'internal only');
      // The sentinel: a later event on the same endpoint; the note's would have come first.
      const message = await postMessage(t, owner, ticket.id, 'hello');
      await receiver.next(
        (received) => received.path === '/wild' && received.json.data.id === message.id,
      );
      expect(
        receiver.count(
          (received) => at('/wild')(received) && received.json.type === 'note.created',
        ),
      ).toBe(0);
      expect(
        (await deliveries(t, admin, wildcard.id)).items.map((item) => item.type),
      ).not.toContain('note.created');
    });

    it('writes nothing when the change rolls back', async () => {
      // A deferred trigger fails the ticket's transaction at COMMIT, after the outbox write.
      await t.dataSource.query(`
        CREATE FUNCTION test_refuse_ticket() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
        CREATE CONSTRAINT TRIGGER test_refuse_ticket AFTER INSERT ON tickets
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
          WHEN (NEW.title = 'roll me back') EXECUTE FUNCTION test_refuse_ticket();`);
      await expect(
        t.app
          .get(TicketsService)
          .create(
            { id: owner.id, role: 'user' },
            { title: 'roll me back', description: 'x', category: 'general', type: 'question' },
          ),
      ).rejects.toThrow(/refused by the test/);
      const sentinel = await createTicket(t, owner);
      await receiver.of('ticket.created', (data) => data.id === sentinel.id);
      expect(receiver.count((received) => received.body.includes('roll me back'))).toBe(0);
      const stored = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM webhook_events WHERE body LIKE '%roll me back%'`,
      );
      expect(stored[0]?.n).toBe(0);
    });
  });

  describe('signatures', () => {
    it('signs with both secrets after a rotation', async () => {
      const hook = await createWebhook(t, admin, {
        url: receiver.url('/rotate'),
        events: ['ticket.created'],
      });
      const rotated = await request(t.url)
        .post(`${webhooksPath}/${hook.id}/rotate-secret`)
        .set(bearer(admin.accessToken))
        .expect(200);
      const secret = (rotated.body as WebhookBody).secret;
      expect(secret).toMatch(/^whsec_/);
      expect(secret).not.toBe(hook.secret);
      const ticket = await createTicket(t, owner);
      const received = await receiver.next(
        (r) => r.path === '/rotate' && r.json.data.id === ticket.id,
      );
      expect(String(received.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verified(secret, received)).toBeTruthy();
      expect(verified(hook.secret, received)).toBeTruthy();
      expect(() => verified(all.secret, received)).toThrow();
    });
  });

  describe('retries', () => {
    it('retries on the schedule with the same webhook-id until a 2xx', async () => {
      const hook = await createWebhook(t, admin, {
        url: receiver.url('/flaky'),
        events: ['ticket.created'],
      });
      let calls = 0;
      const previous = receiver.answer;
      receiver.answer = (received) =>
        received.path === '/flaky' && ++calls <= 2
          ? { status: 500, body: 'down' }
          : previous(received);
      const ticket = await createTicket(t, owner);
      const done = await deliveryWhen(t, admin, hook.id, (item) => item.status === 'succeeded');
      receiver.answer = previous;
      const tries = receiver.received.filter(
        (received) => received.path === '/flaky' && received.json.data.id === ticket.id,
      );
      expect(tries).toHaveLength(3);
      expect(new Set(tries.map((received) => received.headers['webhook-id'])).size).toBe(1);
      // 1 s then 1 s, each ±20%.
      expect((tries[1] as Received).at - (tries[0] as Received).at).toBeGreaterThanOrEqual(700);
      expect(done).toMatchObject({ attempts: 3, last_status_code: 200, next_attempt_at: null });
      const detail = await delivery(t, admin, hook.id, done.id);
      expect(detail.attempt_log.map((attempt) => attempt.status_code)).toEqual([500, 500, 200]);
      expect(detail.attempt_log[0]?.response_body).toBe('down');
      expect(detail.attempt_log[0]?.request_headers['webhook-id']).toBe(done.event_id);
      expect(detail.payload).toMatchObject({ type: 'ticket.created', data: { id: ticket.id } });
    });

    it('honours Retry-After on a 503', async () => {
      const hook = await createWebhook(t, admin, {
        url: receiver.url('/busy'),
        events: ['ticket.created'],
      });
      let calls = 0;
      const previous = receiver.answer;
      receiver.answer = (received) =>
        received.path === '/busy' && ++calls === 1
          ? { status: 503, headers: { 'retry-after': '0' } }
          : previous(received);
      await createTicket(t, owner);
      await deliveryWhen(t, admin, hook.id, (item) => item.status === 'succeeded');
      receiver.answer = previous;
      const tries = receiver.received.filter(at('/busy'));
      expect(tries).toHaveLength(2);
      // Retry-After: 0 beats the schedule's first step (1 s, at least 0.8 s with jitter).
      expect((tries[1] as Received).at - (tries[0] as Received).at).toBeLessThan(700);
    });

    it('fails a delivery once the schedule is spent, and disables the endpoint after 20', async () => {
      const hook = await createWebhook(t, admin, {
        url: receiver.url('/dead'),
        events: ['ticket.created'],
      });
      const previous = receiver.answer;
      receiver.answer = (received) =>
        received.path === '/dead' ? { status: 500 } : previous(received);
      await Promise.all(Array.from({ length: 20 }, () => createTicket(t, owner)));
      const entry = await deliveryWhen(
        t,
        admin,
        hook.id,
        (item) => item.type === 'endpoint.disabled',
        30_000,
      );
      receiver.answer = previous;
      expect(entry.last_error).toMatch(/endpoint disabled/);
      const failed = await deliveries(t, admin, hook.id, '?status=failed&limit=100');
      const real = failed.items.filter((item) => item.type === 'ticket.created');
      expect(real).toHaveLength(20);
      // The first attempt and the schedule's three retries.
      expect(real.every((item) => item.attempts === 4 && item.last_status_code === 500)).toBe(true);
      const endpoint = await request(t.url)
        .get(`${webhooksPath}/${hook.id}`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(endpoint.body).toMatchObject({ enabled: false });
      // Disabled: new events are not queued for it.
      const sentinel = await createTicket(t, owner);
      await receiver.of('ticket.created', (data) => data.id === sentinel.id);
      const after = await deliveries(t, admin, hook.id, '?status=pending');
      expect(after.items).toHaveLength(0);
    });

    it('replays a delivery with the same webhook-id, and pings on request', async () => {
      const hook = await createWebhook(t, admin, {
        url: receiver.url('/replay'),
        events: ['ticket.created'],
      });
      await createTicket(t, owner);
      const first = await deliveryWhen(t, admin, hook.id, (item) => item.status === 'succeeded');
      const retried = await request(t.url)
        .post(`${webhooksPath}/${hook.id}/deliveries/${first.id}/retry`)
        .set(bearer(admin.accessToken))
        .expect(202);
      expect(retried.body).toMatchObject({ id: first.id, status: 'pending' });
      await deliveryWhen(t, admin, hook.id, (item) => item.id === first.id && item.attempts === 2);
      const copies = receiver.received.filter(
        (received) =>
          received.path === '/replay' && received.headers['webhook-id'] === first.event_id,
      );
      expect(copies).toHaveLength(2);
      expect(copies[0]?.body).toBe(copies[1]?.body);

      const ping = await request(t.url)
        .post(`${webhooksPath}/${hook.id}/test`)
        .set(bearer(admin.accessToken))
        .expect(202);
      const pinged = await receiver.next(
        (received) => received.path === '/replay' && received.json.type === 'ping',
      );
      expect(pinged.json.id).toBe((ping.body as { event_id: string }).event_id);
      expect(verified(hook.secret, pinged)).toBeTruthy();
      await request(t.url)
        .post(`${webhooksPath}/${hook.id}/deliveries/${hook.id}/retry`)
        .set(bearer(admin.accessToken))
        .expect(404);
    });
  });

  describe('responses', () => {
    it('keeps the first 1 KiB of a long answer and succeeds', async () => {
      const hook = await createWebhook(t, admin, {
        url: receiver.url('/long'),
        events: ['ticket.created'],
      });
      const previous = receiver.answer;
      receiver.answer = (received) =>
        received.path === '/long' ? { status: 200, body: 'x'.repeat(100_000) } : previous(received);
      await createTicket(t, owner);
      const done = await deliveryWhen(t, admin, hook.id, (item) => item.status !== 'pending');
      receiver.answer = previous;
      expect(done.status).toBe('succeeded');
      const detail = await delivery(t, admin, hook.id, done.id);
      expect(detail.attempt_log[0]?.response_body).toBe('x'.repeat(1024));
    });

    it('counts a receiver that does not answer in time as failed, and a redirect too', async () => {
      const hook = await createWebhook(t, admin, {
        url: receiver.url('/slow'),
        events: ['ticket.created'],
      });
      const moved = await createWebhook(t, admin, {
        url: receiver.url('/moved'),
        events: ['ticket.created'],
      });
      const previous = receiver.answer;
      receiver.answer = (received) => {
        if (received.path === '/slow') return { status: 200, hang: true };
        if (received.path === '/moved') {
          return { status: 302, headers: { location: receiver.url('/moved-here') } };
        }
        return previous(received);
      };
      await createTicket(t, owner);
      const slow = await deliveryWhen(t, admin, hook.id, (item) => item.last_error !== null);
      const redirected = await deliveryWhen(t, admin, moved.id, (item) => item.last_error !== null);
      receiver.answer = previous;
      expect(slow.last_error).toBe('timed out');
      expect(slow.last_duration_ms).toBeGreaterThanOrEqual(1900);
      expect(redirected).toMatchObject({ last_status_code: 302 });
      expect(redirected.last_error).toMatch(/redirects are not followed/);
      expect(receiver.count(at('/moved-here'))).toBe(0);
    });
  });

  describe('the log', () => {
    it('prunes finished deliveries older than WEBHOOK_LOG_DAYS, with their attempts and events', async () => {
      const hook = await createWebhook(t, admin, {
        url: receiver.url('/prune'),
        events: ['ticket.created'],
      });
      await createTicket(t, owner);
      await createTicket(t, owner);
      await deliveryWhen(t, admin, hook.id, (item) => item.status === 'succeeded');
      const [old, recent] = (await deliveries(t, admin, hook.id)).items;
      await deliveryWhen(
        t,
        admin,
        hook.id,
        (item) => item.id === recent?.id && item.status === 'succeeded',
      );
      // Every endpoint's delivery of that event (the one subscribed to everything has one too),
      // once all are finished.
      const pendingOf = async () =>
        (
          await t.dataSource.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM webhook_deliveries
              WHERE event_id = $1 AND status = 'pending'`,
            [old?.event_id],
          )
        )[0]?.n;
      while ((await pendingOf()) !== 0) await new Promise((resolve) => setTimeout(resolve, 50));
      await t.dataSource.query(
        `UPDATE webhook_deliveries SET finished_at = now() - interval '31 days' WHERE event_id = $1`,
        [old?.event_id],
      );
      await t.app.get(WebhookDispatcher).prune();
      const left = (await deliveries(t, admin, hook.id)).items.map((item) => item.id);
      expect(left).toEqual([recent?.id]);
      const orphans = await t.dataSource.query<{ n: number }[]>(
        `SELECT (SELECT count(*) FROM webhook_events WHERE id = $1)::int
              + (SELECT count(*) FROM webhook_attempts WHERE delivery_id = $2)::int AS n`,
        [old?.event_id, old?.id],
      );
      expect(orphans[0]?.n).toBe(0);
    });
  });

  describe('the address guard (the defaults: WEBHOOK_ALLOW_PRIVATE and WEBHOOK_ALLOW_HTTP unset)', () => {
    let guarded: TestApp;
    let boss: TestUser;
    let target: Receiver;
    let target6: Receiver | null;

    beforeAll(async () => {
      guarded = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '1' });
      boss = await createUser(guarded, 'admin');
      target = await Receiver.start('127.0.0.1');
      target6 = await Receiver.start('::1').catch(() => null);
    });

    afterAll(async () => {
      await guarded.close();
      await target.close();
      await target6?.close();
    });

    it('refuses http:// endpoints', async () => {
      const response = await request(guarded.url)
        .post(webhooksPath)
        .set(bearer(boss.accessToken))
        .send({ url: target.url('/guard'), events: ['*'] })
        .expect(400);
      expect((response.body as ProblemBody).errors?.[0]?.message).toBe('url must be https://');
    });

    // https:// to a plain HTTP receiver: had the guard let one through, its TLS hello would
    // still be a connection the receiver counts.
    it.each([
      ['127.0.0.1', () => target.url('/guard', '127.0.0.1', 'https')],
      ['::1', () => (target6 ?? target).url('/guard', '[::1]', 'https')],
      ['::ffff:127.0.0.1', () => target.url('/guard', '[::ffff:127.0.0.1]', 'https')],
      ['a name resolving to loopback', () => target.url('/guard', 'localhost', 'https')],
    ])('delivers nothing to %s and logs why', async (_name, url) => {
      const hook = await createWebhook(guarded, boss, { url: url(), events: ['ticket.created'] });
      await request(guarded.url)
        .post(`${webhooksPath}/${hook.id}/test`)
        .set(bearer(boss.accessToken))
        .expect(202);
      const refused = await deliveryWhen(
        guarded,
        boss,
        hook.id,
        (item) => item.attempts >= 1 && item.last_error !== null,
      );
      expect(refused.last_error).toMatch(/refused.*loopback/);
      expect(refused.last_status_code).toBeNull();
      expect(target.connections).toBe(0);
      expect(target6?.connections ?? 0).toBe(0);
    });
  });
});
