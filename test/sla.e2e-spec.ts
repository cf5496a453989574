import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { postMessage } from './factories/messages';
import { postNote } from './factories/notes';
import { FakeClock, NO_TARGETS, OFFICE_HOURS, putSla, SlaPolicyBody } from './factories/sla';
import { collect, connectChat, nextEvent } from './factories/sockets';
import {
  createTicket,
  csrPatch,
  PageBody,
  PROBLEM,
  TicketBody,
  timeline,
} from './factories/tickets';
import { bearer, createUser, TestUser } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';
import { SlaCheckJob } from '@/sla/sla-check.job';
import { SlaService } from '@/sla/sla.service';

const T0 = '2026-12-01T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

const AROUND_THE_CLOCK = {
  enabled: true,
  timezone: 'UTC',
  business_hours: null,
  holidays: [],
  targets: {
    urgent: { first_response_minutes: 15, next_response_minutes: 10, resolution_minutes: 120 },
    none: { first_response_minutes: 60, next_response_minutes: 30, resolution_minutes: 240 },
  },
};

describe('SLA', () => {
  let t: TestApp;
  let admin: TestUser;
  let csr: TestUser;
  let owner: TestUser;
  let clock: FakeClock;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // The job's own timer stays out of the way: each test runs the pass itself.
    t = await startTestApp({ SLA_CHECK_SECONDS: '3600' });
    admin = await createUser(t, 'admin');
    csr = await createUser(t, 'csr');
    owner = await createUser(t);
    clock = new FakeClock(t, T0);
  });

  afterEach(() => {
    while (sockets.length > 0) sockets.pop()?.close();
  });

  afterAll(async () => {
    await t.close();
  });

  const check = () => t.app.get(SlaCheckJob).check();
  const staffTicket = async (id: string) =>
    (await request(t.url).get(`/api/v1/csr/tickets/${id}`).set(bearer(csr.accessToken)).expect(200))
      .body as TicketBody;
  const list = async (query: string) =>
    (
      await request(t.url)
        .get(`/api/v1/csr/tickets?${query}`)
        .set(bearer(csr.accessToken))
        .expect(200)
    ).body as PageBody;
  const ownerPatch = (id: string, status: string) =>
    request(t.url)
      .patch(`/api/v1/users/tickets/${id}`)
      .set(bearer(owner.accessToken))
      .send({ status })
      .expect(200);

  describe('policy', () => {
    it('starts disabled, with every target null', async () => {
      const response = await request(t.url)
        .get('/api/v1/admin/sla')
        .set(bearer(admin.accessToken))
        .expect(200);
      const policy = response.body as SlaPolicyBody;
      expect(policy).toMatchObject({ enabled: false, business_hours: null, holidays: [] });
      expect(policy.targets.urgent).toEqual(NO_TARGETS);
    });

    it('gives a ticket created while disabled no clocks', async () => {
      const ticket = await createTicket(t, owner);
      expect(ticket.sla).toBeNull();
    });

    it('stores a policy with every priority and weekday filled in', async () => {
      const response = await putSla(t, admin, {
        ...AROUND_THE_CLOCK,
        timezone: 'Europe/Berlin',
        business_hours: {
          mon: [
            ['13:30', '18:00'],
            ['09:00', '12:30'],
          ],
        },
        holidays: ['2026-12-26', '2026-12-25'],
      });
      const policy = response.body as SlaPolicyBody;
      expect(policy.business_hours).toEqual({
        mon: [
          ['13:30', '18:00'],
          ['09:00', '12:30'],
        ],
        tue: [],
        wed: [],
        thu: [],
        fri: [],
        sat: [],
        sun: [],
      });
      expect(policy.holidays).toEqual(['2026-12-25', '2026-12-26']);
      expect(policy.targets.low).toEqual(NO_TARGETS);
      const read = await request(t.url)
        .get('/api/v1/admin/sla')
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(read.body).toEqual(policy);
    });

    it.each([
      ['an unknown time zone', { timezone: 'Mars/Olympus' }, /timezone/],
      [
        'overlapping periods',
        {
          business_hours: {
            mon: [
              ['09:00', '12:00'],
              ['11:00', '13:00'],
            ],
          },
        },
        /overlap/,
      ],
      [
        'a period spanning midnight',
        { business_hours: { fri: [['22:00', '02:00']] } },
        /business_hours\.fri/,
      ],
      ['a bad time', { business_hours: { tue: [['25:00', '26:00']] } }, /business_hours\.tue/],
      ['an unknown weekday', { business_hours: { someday: [] } }, /business_hours/],
      ['a date that does not exist', { holidays: ['2026-02-30'] }, /holidays/],
      [
        'a zero target',
        { targets: { high: { first_response_minutes: 0 } } },
        /first_response_minutes/,
      ],
      [
        'a fractional target',
        { targets: { high: { resolution_minutes: 1.5 } } },
        /resolution_minutes/,
      ],
      ['an unknown priority', { targets: { critical: NO_TARGETS } }, /critical/],
      ['no enabled flag', { enabled: undefined }, /enabled/],
    ])('refuses %s with 400', async (_case, change, detail) => {
      const response = await putSla(t, admin, { ...AROUND_THE_CLOCK, ...change }, 400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(JSON.stringify(response.body)).toMatch(detail);
    });

    it('is for admins only', async () => {
      await request(t.url).get('/api/v1/admin/sla').set(bearer(csr.accessToken)).expect(403);
      await putSla(t, csr, AROUND_THE_CLOCK, 403);
    });
  });

  describe('clocks around the clock', () => {
    beforeAll(async () => {
      await putSla(t, admin, AROUND_THE_CLOCK);
    });

    beforeEach(() => clock.set(T0));

    it('starts first response and resolution at creation', async () => {
      const ticket = await createTicket(t, owner);
      expect(ticket.sla).toEqual({
        first_response: {
          target_minutes: 60,
          due_at: at(60),
          met_at: null,
          breached: false,
          paused: false,
        },
        next_response: null,
        resolution: {
          target_minutes: 240,
          due_at: at(240),
          met_at: null,
          breached: false,
          paused: false,
        },
      });
    });

    it('meets first response on a staff reply, never on a note, and runs next response per owner message', async () => {
      const ticket = await createTicket(t, owner);
      clock.set(at(5));
      await postNote(t, csr, ticket.id, 'Looks like the fuser again');
      expect((await staffTicket(ticket.id)).sla?.first_response?.met_at).toBeNull();
      clock.set(at(10));
      await postMessage(t, csr, ticket.id, 'On it');
      expect((await staffTicket(ticket.id)).sla?.first_response?.met_at).toBe(at(10));
      clock.set(at(20));
      await postMessage(t, owner, ticket.id, 'Thanks, any news?');
      clock.set(at(22));
      await postMessage(t, owner, ticket.id, 'Still smoking');
      const waiting = await staffTicket(ticket.id);
      expect(waiting.sla?.next_response).toMatchObject({ due_at: at(50), met_at: null });
      clock.set(at(25));
      await postNote(t, csr, ticket.id, 'Ordering a fuser');
      expect((await staffTicket(ticket.id)).sla?.next_response?.met_at).toBeNull();
      clock.set(at(30));
      await postMessage(t, csr, ticket.id, 'A new fuser is on its way');
      expect((await staffTicket(ticket.id)).sla?.next_response?.met_at).toBe(at(30));
    });

    it('pauses resolution while resolved, resumes it on reopen with the time already used, and stops at closed', async () => {
      const ticket = await createTicket(t, owner);
      clock.set(at(100));
      await csrPatch(t, csr, ticket.id, { status: 'resolved' });
      const resolved = await staffTicket(ticket.id);
      expect(resolved.sla?.resolution).toMatchObject({ met_at: at(100), paused: true });
      clock.set(at(1000));
      await ownerPatch(ticket.id, 'open');
      const reopened = await staffTicket(ticket.id);
      // 140 of its 240 minutes were left.
      expect(reopened.sla?.resolution).toMatchObject({
        due_at: at(1140),
        met_at: null,
        paused: false,
      });
      clock.set(at(1100));
      await csrPatch(t, csr, ticket.id, { status: 'closed' });
      const closed = await staffTicket(ticket.id);
      expect(closed.sla?.resolution).toMatchObject({ met_at: null, paused: false });
      clock.set(at(5000));
      await check();
      expect((await staffTicket(ticket.id)).sla?.resolution?.breached).toBe(false);
    });

    it('resumes the clocks when the owner’s message reopens a resolved ticket', async () => {
      const ticket = await createTicket(t, owner);
      await postMessage(t, csr, ticket.id, 'Try turning it off');
      clock.set(at(60));
      await csrPatch(t, csr, ticket.id, { status: 'resolved' });
      clock.set(at(600));
      await postMessage(t, owner, ticket.id, 'It is burning again');
      const reopened = await staffTicket(ticket.id);
      expect(reopened.status).toBe('open');
      expect(reopened.sla?.resolution).toMatchObject({ due_at: at(780), paused: false });
      expect(reopened.sla?.next_response).toMatchObject({ due_at: at(630) });
    });

    it('re-targets running clocks from their start when the priority changes', async () => {
      const ticket = await createTicket(t, owner);
      clock.set(at(5));
      const response = await csrPatch(t, csr, ticket.id, { priority: 'urgent' });
      const urgent = response.body as TicketBody;
      expect(urgent.sla?.first_response).toMatchObject({ target_minutes: 15, due_at: at(15) });
      expect(urgent.sla?.resolution).toMatchObject({ target_minutes: 120, due_at: at(120) });
      clock.set(at(6));
      const lowered = (await csrPatch(t, csr, ticket.id, { priority: 'low' })).body as TicketBody;
      // `low` has no targets in this policy: its clocks have none to show.
      expect(lowered.sla).toEqual({ first_response: null, next_response: null, resolution: null });
    });

    it('warns at 80%, breaches at the target, once each, to the staff room and the assignee', async () => {
      const staffSocket = await connectChat(t.url, { token: csr.accessToken });
      sockets.push(staffSocket);
      const warnings = collect<{ ticket_id: string }>(staffSocket, 'sla_warning');
      const ticket = await createTicket(t, owner);
      expect(ticket.assigned_to_id).toBe(csr.id);

      clock.set(at(47));
      await check();
      clock.set(at(48));
      const warned = nextEvent<{ ticket_id: string; clock: string; due_at: string }>(
        staffSocket,
        'sla_warning',
        (event) => event.ticket_id === ticket.id,
      );
      await check();
      expect(await warned).toMatchObject({ clock: 'first_response', due_at: at(60) });
      expect((await list('sla=at_risk&limit=100')).items.map((item) => item.id)).toContain(
        ticket.id,
      );

      clock.set(at(61));
      const breached = nextEvent<{ ticket_id: string; ticket: TicketBody }>(
        staffSocket,
        'sla_breached',
        (event) => event.ticket_id === ticket.id,
      );
      await check();
      expect((await breached).ticket.sla?.first_response?.breached).toBe(true);
      await check();
      const atRisk = await list('sla=at_risk&limit=100');
      expect(atRisk.items.map((item) => item.id)).not.toContain(ticket.id);
      expect((await list('sla=breached&limit=100')).items.map((item) => item.id)).toContain(
        ticket.id,
      );
      const entries = (await timeline(t, csr, ticket.id)).filter((e) => e.kind.startsWith('sla_'));
      expect(entries.map((e) => [e.kind, e.data])).toEqual([
        ['sla_warning', { clock: 'first_response', run: 1, due_at: at(60) }],
        ['sla_breached', { clock: 'first_response', run: 1, due_at: at(60) }],
      ]);
      expect(warnings.filter((event) => event.ticket_id === ticket.id)).toHaveLength(1);
      // A reply after the breach meets the clock late: still breached.
      clock.set(at(70));
      await postMessage(t, csr, ticket.id, 'Sorry for the wait');
      expect((await staffTicket(ticket.id)).sla?.first_response).toMatchObject({
        met_at: at(70),
        breached: true,
      });
    });

    it('sorts by the nearest unmet due time, tickets without one last, through every page', async () => {
      const tag = `sla-sort-${Date.now()}`;
      const made: TicketBody[] = [];
      for (const minutes of [30, 10, 20]) {
        clock.set(at(minutes));
        made.push(await createTicket(t, owner));
      }
      await postMessage(t, csr, made[1]!.id, 'answered');
      const closed = await createTicket(t, owner);
      made.push(closed);
      for (const ticket of made) {
        await request(t.url)
          .put(`/api/v1/csr/tickets/${ticket.id}/tags`)
          .set(bearer(csr.accessToken))
          .send({ tags: [tag] })
          .expect(200);
      }
      await csrPatch(t, csr, closed.id, { status: 'closed' });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: PageBody = await list(
          `tag=${tag}&sort=sla_due&limit=1${cursor === null ? '' : `&cursor=${cursor}`}`,
        );
        seen.push(...page.items.map((item) => item.id));
        cursor = page.next_cursor;
      } while (cursor !== null);
      // Due: #2 at 20+60, #0 at 30+60, #1 at 10+240 (first response met); #3 closed: none.
      expect(seen).toEqual([made[2]!.id, made[0]!.id, made[1]!.id, closed.id]);
    });

    it('moves the clocks of a ticket whose policy version this process has not read yet', async () => {
      const ticket = await createTicket(t, owner);
      // As after a restart: the version is read again, inside the message's transaction (the
      // embedded database has one connection, so a read beside it would wait forever).
      const sla: unknown = t.app.get(SlaService);
      (sla as { versions: Map<number, unknown> }).versions.clear();
      clock.set(at(3));
      await postMessage(t, csr, ticket.id, 'Back after a restart');
      expect((await staffTicket(ticket.id)).sla?.first_response?.met_at).toBe(at(3));
    });

    it('keeps the targets a ticket started with when the policy changes', async () => {
      const before = await createTicket(t, owner);
      await putSla(t, admin, {
        ...AROUND_THE_CLOCK,
        targets: { none: { first_response_minutes: 5 }, urgent: { first_response_minutes: 1 } },
      });
      const after = await createTicket(t, owner);
      expect(after.sla?.first_response?.target_minutes).toBe(5);
      const raised = (await csrPatch(t, csr, before.id, { priority: 'urgent' })).body as TicketBody;
      expect(raised.sla?.first_response?.target_minutes).toBe(15);
      await putSla(t, admin, AROUND_THE_CLOCK);
    });
  });

  describe('on business hours', () => {
    beforeAll(async () => {
      await putSla(t, admin, {
        enabled: true,
        timezone: 'Europe/Berlin',
        business_hours: OFFICE_HOURS,
        holidays: ['2026-12-25'],
        targets: { none: { first_response_minutes: 60, resolution_minutes: 960 } },
      });
    });

    afterAll(async () => {
      await putSla(t, admin, AROUND_THE_CLOCK);
    });

    it('is due across the weekend and the change from summer time', async () => {
      // Friday 16:30 CEST; 30 minutes left on Friday, 30 more on Monday (CET by then).
      clock.set('2026-10-23T16:30:00+02:00');
      const ticket = await createTicket(t, owner);
      expect(ticket.sla?.first_response?.due_at).toBe('2026-10-26T08:30:00.000Z');
      // Two business days: Friday's last half hour, Monday, and Tuesday until 16:30 CET.
      expect(ticket.sla?.resolution?.due_at).toBe('2026-10-27T15:30:00.000Z');
    });

    it('never fires outside business hours, and warns once business time has run', async () => {
      const staffSocket = await connectChat(t.url, { token: csr.accessToken });
      sockets.push(staffSocket);
      clock.set('2026-12-24T16:50:00+01:00');
      const ticket = await createTicket(t, owner);
      // 10 minutes on the 24th, the 25th a holiday, a weekend, then 50 on Monday the 28th.
      expect(ticket.sla?.first_response?.due_at).toBe('2026-12-28T08:50:00.000Z');
      const warnings = collect<{ ticket_id: string }>(staffSocket, 'sla_warning');
      for (const moment of ['2026-12-25T12:00:00+01:00', '2026-12-27T23:59:00+01:00']) {
        clock.set(moment);
        await check();
      }
      // 48 business minutes: 10 on the 24th and 38 on Monday.
      clock.set('2026-12-28T09:37:59+01:00');
      await check();
      expect(warnings.filter((event) => event.ticket_id === ticket.id)).toEqual([]);
      clock.set('2026-12-28T09:38:00+01:00');
      const warned = nextEvent<{ ticket_id: string }>(
        staffSocket,
        'sla_warning',
        (event) => event.ticket_id === ticket.id,
      );
      await check();
      await warned;
    });
  });
});
