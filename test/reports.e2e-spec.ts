// Reports through the real app on hand-computed fixtures: rows inserted with chosen timestamps
// (Europe/Berlin, around the spring DST change), then the exact numbers each route must give,
// in calendar minutes and, once a policy with office hours is in force, in business minutes.
import request from 'supertest';
import { heartbeat, waitFor } from './factories/routing';
import { ReportFixtures, slaPolicy } from './factories/reports';
import { OFFICE_HOURS } from './factories/sla';
import { PROBLEM, ProblemBody } from './factories/tickets';
import { bearer, createUser, setActive, TestUser } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';
import { RoutingRepository } from '@/routing/routing.repository';
import type {
  AgentReportItemResponse,
  AgentsReportResponse,
  SummaryFiguresResponse,
  SummaryReportResponse,
} from '@/reports/reports.response';

const BERLIN = 'Europe/Berlin';

describe('Reports', () => {
  let t: TestApp;
  let f: ReportFixtures;
  let admin: TestUser;
  let owner: TestUser;
  /** Alice: T1, T3, first holder of T5. */
  let alice: TestUser;
  /** Bob, named like a formula: T2, then T5. */
  let bob: TestUser;
  /** An active CSR with nothing in the period. */
  let idle: TestUser;
  /** An admin whose only activity is time online. */
  let zed: TestUser;
  let retired: TestUser;

  const get = (path: string, user: TestUser, status = 200) =>
    request(t.url)
      .get(`/api/v1/admin/reports/${path}`)
      .set(bearer(user.accessToken))
      .expect(status);

  const summary = async (query: string, user = admin) =>
    (await get(`summary?${query}`, user)).body as SummaryReportResponse;

  const agentsReport = async (query: string, user = admin) =>
    (await get(`agents?${query}`, user)).body as AgentsReportResponse;

  const bucket = (report: SummaryReportResponse, start: string): SummaryFiguresResponse => {
    const found = report.buckets.find((entry) => entry.start.startsWith(start));
    if (found === undefined) throw new Error(`no bucket starting ${start}`);
    return found;
  };

  const row = (report: AgentsReportResponse, user: TestUser): AgentReportItemResponse => {
    const found = report.items.find((item) => item.user_id === user.id);
    if (found === undefined) throw new Error(`no row for ${user.id}`);
    return found;
  };

  const none = { due: 0, met: 0, percent: null };

  beforeAll(async () => {
    // No routing sweep of its own: the test below runs two at a moment of its choosing.
    t = await startTestApp({ ROUTING_SWEEP_SECONDS: '3600' });
    f = new ReportFixtures(t.dataSource);
    admin = await createUser(t, 'admin', { fullName: 'Ada Admin' });
    owner = await createUser(t, 'user', { fullName: 'Olga Owner' });
    alice = await createUser(t, 'csr', { fullName: 'Alice Able' });
    bob = await createUser(t, 'csr', { fullName: '=Bob Bold' });
    idle = await createUser(t, 'csr', { fullName: 'Carl Idle' });
    zed = await createUser(t, 'admin', { fullName: 'Zed Admin' });
    retired = await createUser(t, 'csr', { fullName: 'Rita Retired' });
    await setActive(t, admin, retired.id, false);
    const csr = (user: TestUser) => ({ id: user.id, role: 'csr' });

    // Calendar time: no business hours, the report's zone is the policy's.
    await f.policy(slaPolicy({ timezone: BERLIN }));

    // T1, Monday 23 March: answered in 30 min, resolved in 120, rated 5.
    const t1 = await f.ticket({
      ownerId: owner.id,
      createdAt: '2026-03-23T10:00:00+01:00',
      assigneeId: alice.id,
      firstResponseAt: '2026-03-23T10:30:00+01:00',
      status: 'closed',
    });
    await f.event(t1, 'created', {}, '2026-03-23T10:00:00+01:00', owner.id);
    await f.assigned(t1, null, alice.id, '2026-03-23T10:00:00+01:00');
    await f.message(t1, csr(alice), '2026-03-23T10:30:00+01:00');
    const t1Resolved = await f.status(
      t1,
      'open',
      'resolved',
      '2026-03-23T12:00:00+01:00',
      alice.id,
    );
    await f.clockRun({
      ticketId: t1,
      clock: 'first_response',
      dueAt: '2026-03-23T11:00:00+01:00',
      metAt: '2026-03-23T10:30:00+01:00',
    });
    await f.clockRun({
      ticketId: t1,
      clock: 'resolution',
      dueAt: '2026-03-23T14:00:00+01:00',
      metAt: '2026-03-23T12:00:00+01:00',
    });
    await f.alert({
      ticketId: t1,
      clock: 'first_response',
      kind: 'warning',
      at: '2026-03-23T10:45:00+01:00',
      assigneeId: alice.id,
    });
    await f.rating({
      ticketId: t1,
      resolutionEventId: t1Resolved,
      userId: owner.id,
      assigneeId: alice.id,
      rating: 5,
      at: '2026-03-23T13:00:00+01:00',
    });

    // T2, Monday 16:00: answered Tuesday 09:30 (1050 min; business 90), resolved 10:00 (1080;
    // business 120), reopened 11:00, resolved again 11:30 by the admin while Bob held it (1110;
    // business 150). Rated 2, then 4.
    const t2 = await f.ticket({
      ownerId: owner.id,
      createdAt: '2026-03-23T16:00:00+01:00',
      assigneeId: bob.id,
      firstResponseAt: '2026-03-24T09:30:00+01:00',
      status: 'closed',
    });
    await f.event(t2, 'created', {}, '2026-03-23T16:00:00+01:00', owner.id);
    await f.assigned(t2, null, bob.id, '2026-03-23T16:00:00+01:00');
    await f.message(t2, csr(bob), '2026-03-24T09:30:00+01:00');
    const t2First = await f.status(t2, 'open', 'resolved', '2026-03-24T10:00:00+01:00', bob.id);
    await f.message(t2, { id: owner.id, role: 'user' }, '2026-03-24T11:00:00+01:00');
    await f.status(t2, 'resolved', 'open', '2026-03-24T11:00:00+01:00', owner.id);
    const t2Second = await f.status(t2, 'open', 'resolved', '2026-03-24T11:30:00+01:00', admin.id);
    await f.clockRun({
      ticketId: t2,
      clock: 'first_response',
      dueAt: '2026-03-23T17:00:00+01:00',
      metAt: '2026-03-24T09:30:00+01:00',
      breached: true,
    });
    await f.clockRun({
      ticketId: t2,
      clock: 'resolution',
      dueAt: '2026-03-24T12:00:00+01:00',
      metAt: '2026-03-24T10:00:00+01:00',
    });
    await f.clockRun({
      ticketId: t2,
      clock: 'next_response',
      dueAt: '2026-03-24T12:00:00+01:00',
      metAt: '2026-03-24T11:15:00+01:00',
    });
    await f.alert({
      ticketId: t2,
      clock: 'first_response',
      kind: 'breached',
      at: '2026-03-23T17:00:00+01:00',
      assigneeId: bob.id,
    });
    await f.rating({
      ticketId: t2,
      resolutionEventId: t2First,
      userId: owner.id,
      assigneeId: bob.id,
      rating: 2,
      at: '2026-03-24T10:30:00+01:00',
    });
    await f.rating({
      ticketId: t2,
      resolutionEventId: t2Second,
      userId: owner.id,
      assigneeId: bob.id,
      rating: 4,
      at: '2026-03-24T12:00:00+01:00',
    });

    // T3, Saturday 28 March 12:00: answered Monday 30 March 09:45 after the DST change (2685
    // real minutes; business 45), its first-response clock breached.
    const t3 = await f.ticket({
      ownerId: owner.id,
      createdAt: '2026-03-28T12:00:00+01:00',
      assigneeId: alice.id,
      firstResponseAt: '2026-03-30T09:45:00+02:00',
    });
    await f.assigned(t3, null, alice.id, '2026-03-28T12:00:00+01:00');
    await f.message(t3, csr(alice), '2026-03-30T09:45:00+02:00');
    await f.clockRun({
      ticketId: t3,
      clock: 'first_response',
      dueAt: '2026-03-28T13:00:00+01:00',
      breached: true,
    });
    await f.alert({
      ticketId: t3,
      clock: 'first_response',
      kind: 'breached',
      at: '2026-03-28T13:00:00+01:00',
      assigneeId: alice.id,
    });

    // T4, 00:30 on Sunday 29 March in Berlin (still Saturday in UTC); its clock still runs.
    const t4 = await f.ticket({ ownerId: owner.id, createdAt: '2026-03-28T23:30:00Z' });
    await f.clockRun({ ticketId: t4, clock: 'first_response', dueAt: '2026-03-29T12:00:00+02:00' });

    // T5, Monday 30 March 09:00: Alice, then Bob; the owner writes first, Bob answers 09:20,
    // resolves 10:00 (late: resolution breached). Rated 4.
    const t5 = await f.ticket({
      ownerId: owner.id,
      createdAt: '2026-03-30T09:00:00+02:00',
      assigneeId: bob.id,
      firstResponseAt: '2026-03-30T09:20:00+02:00',
      status: 'closed',
    });
    await f.assigned(t5, null, alice.id, '2026-03-30T09:00:00+02:00');
    await f.message(t5, { id: owner.id, role: 'user' }, '2026-03-30T09:05:00+02:00');
    await f.assigned(t5, alice.id, bob.id, '2026-03-30T09:10:00+02:00');
    await f.message(t5, csr(bob), '2026-03-30T09:20:00+02:00');
    const t5Resolved = await f.status(t5, 'open', 'resolved', '2026-03-30T10:00:00+02:00', bob.id);
    await f.clockRun({
      ticketId: t5,
      clock: 'first_response',
      dueAt: '2026-03-30T10:00:00+02:00',
      metAt: '2026-03-30T09:20:00+02:00',
    });
    await f.clockRun({
      ticketId: t5,
      clock: 'resolution',
      dueAt: '2026-03-30T09:50:00+02:00',
      metAt: '2026-03-30T10:00:00+02:00',
      breached: true,
    });
    await f.alert({
      ticketId: t5,
      clock: 'resolution',
      kind: 'breached',
      at: '2026-03-30T09:50:00+02:00',
      assigneeId: bob.id,
    });
    await f.rating({
      ticketId: t5,
      resolutionEventId: t5Resolved,
      userId: owner.id,
      assigneeId: bob.id,
      rating: 4,
      at: '2026-03-30T11:00:00+02:00',
    });
    // Outside every range asked for.
    await f.clockRun({
      ticketId: t5,
      clock: 'next_response',
      dueAt: '2026-04-20T10:00:00+02:00',
      metAt: '2026-04-20T09:00:00+02:00',
    });

    // Presence. Alice: online since before the range (from 2026-03-22T23:00Z): 120 + 480 min.
    await f.presence(alice.id, 'online', '2026-03-22T20:00:00Z');
    await f.presence(alice.id, 'away', '2026-03-23T01:00:00Z');
    await f.presence(alice.id, 'online', '2026-03-23T08:00:00Z');
    await f.presence(alice.id, 'offline', '2026-03-23T16:00:00Z');
    // Bob: 45.5 min, then online past the range's end (2026-03-30T22:00Z): 30 more in range.
    await f.presence(bob.id, 'online', '2026-03-24T08:00:00Z');
    await f.presence(bob.id, 'offline', '2026-03-24T08:45:30Z');
    await f.presence(bob.id, 'online', '2026-03-30T21:30:00Z');
    await f.presence(bob.id, 'offline', '2026-03-31T01:00:00Z');
    // Zed: 10 min.
    await f.presence(zed.id, 'online', '2026-03-25T10:00:00Z');
    await f.presence(zed.id, 'away', '2026-03-25T10:10:00Z');
  });

  afterAll(async () => {
    await t.close();
  });

  describe('GET /admin/reports/summary in calendar minutes', () => {
    it('gives every local day with its counts, durations, attainment and CSAT', async () => {
      const report = await summary('from=2026-03-23&to=2026-03-30');
      expect(report).toMatchObject({
        from: '2026-03-23T00:00:00+01:00',
        to: '2026-03-31T00:00:00+02:00',
        group_by: 'day',
        timezone: BERLIN,
        time_basis: 'calendar',
      });
      expect(report.buckets.map((entry) => [entry.start, entry.created])).toEqual([
        ['2026-03-23T00:00:00+01:00', 2],
        ['2026-03-24T00:00:00+01:00', 0],
        ['2026-03-25T00:00:00+01:00', 0],
        ['2026-03-26T00:00:00+01:00', 0],
        ['2026-03-27T00:00:00+01:00', 0],
        ['2026-03-28T00:00:00+01:00', 1],
        ['2026-03-29T00:00:00+01:00', 1],
        ['2026-03-30T00:00:00+02:00', 1],
      ]);
      expect(bucket(report, '2026-03-23')).toEqual({
        start: '2026-03-23T00:00:00+01:00',
        end: '2026-03-24T00:00:00+01:00',
        created: 2,
        resolved: 1,
        reopened: 0,
        first_response_minutes: { median: 540, p90: 948, count: 2 },
        resolution_minutes: { median: 120, p90: 120, count: 1 },
        sla_attainment: {
          first_response: { due: 2, met: 1, percent: 50 },
          next_response: none,
          resolution: { due: 1, met: 1, percent: 100 },
        },
        csat: { average: 5, count: 1 },
      });
      expect(bucket(report, '2026-03-24')).toMatchObject({
        created: 0,
        resolved: 2,
        reopened: 1,
        first_response_minutes: { median: null, p90: null, count: 0 },
        resolution_minutes: { median: 1095, p90: 1107, count: 2 },
        sla_attainment: {
          first_response: none,
          next_response: { due: 1, met: 1, percent: 100 },
          resolution: { due: 1, met: 1, percent: 100 },
        },
        csat: { average: 3, count: 2 },
      });
      expect(bucket(report, '2026-03-25').csat).toBeNull();
      expect(bucket(report, '2026-03-28')).toMatchObject({
        first_response_minutes: { median: 2685, p90: 2685, count: 1 },
        sla_attainment: { first_response: { due: 1, met: 0, percent: 0 } },
      });
      // The DST day is 23 hours; the clock still running on it is not counted.
      expect(bucket(report, '2026-03-29')).toMatchObject({
        end: '2026-03-30T00:00:00+02:00',
        created: 1,
        sla_attainment: { first_response: none },
      });
      expect(bucket(report, '2026-03-30')).toMatchObject({
        resolved: 1,
        first_response_minutes: { median: 20, p90: 20, count: 1 },
        resolution_minutes: { median: 60, p90: 60, count: 1 },
        sla_attainment: {
          first_response: { due: 1, met: 1, percent: 100 },
          resolution: { due: 1, met: 0, percent: 0 },
        },
        csat: { average: 4, count: 1 },
      });
      expect(report.totals).toEqual({
        start: '2026-03-23T00:00:00+01:00',
        end: '2026-03-31T00:00:00+02:00',
        created: 5,
        resolved: 4,
        reopened: 1,
        first_response_minutes: { median: 540, p90: 2194.5, count: 4 },
        resolution_minutes: { median: 600, p90: 1101, count: 4 },
        sla_attainment: {
          first_response: { due: 4, met: 2, percent: 50 },
          next_response: { due: 1, met: 1, percent: 100 },
          resolution: { due: 3, met: 2, percent: 66.7 },
        },
        csat: { average: 3.75, count: 4 },
      });
    });

    it('groups by ISO week, Monday first', async () => {
      const report = await summary('from=2026-03-23&to=2026-04-05&group_by=week');
      expect(report.buckets.map((entry) => [entry.start, entry.end])).toEqual([
        ['2026-03-23T00:00:00+01:00', '2026-03-30T00:00:00+02:00'],
        ['2026-03-30T00:00:00+02:00', '2026-04-06T00:00:00+02:00'],
      ]);
      expect(report.buckets[0]).toMatchObject({
        created: 4,
        resolved: 3,
        reopened: 1,
        first_response_minutes: { median: 1050, p90: 2358, count: 3 },
        resolution_minutes: { median: 1080, p90: 1104, count: 3 },
        sla_attainment: {
          first_response: { due: 3, met: 1, percent: 33.3 },
          next_response: { due: 1, met: 1, percent: 100 },
          resolution: { due: 2, met: 2, percent: 100 },
        },
        csat: { average: 3.67, count: 3 },
      });
      expect(report.buckets[1]).toMatchObject({
        created: 1,
        resolved: 1,
        reopened: 0,
        first_response_minutes: { median: 20, count: 1 },
        sla_attainment: { resolution: { due: 1, met: 0, percent: 0 } },
        csat: { average: 4, count: 1 },
      });
    });

    it('clips the first and last bucket to a range of instants', async () => {
      const report = await summary('from=2026-03-23T11:00:00%2B01:00&to=2026-03-24T10:00:00Z');
      expect(report.buckets.map((entry) => [entry.start, entry.end, entry.created])).toEqual([
        ['2026-03-23T11:00:00+01:00', '2026-03-24T00:00:00+01:00', 1],
        ['2026-03-24T00:00:00+01:00', '2026-03-24T11:00:00+01:00', 0],
      ]);
      // T2's first resolution (10:00) is in, its second (11:30) is not.
      expect(report.totals).toMatchObject({ resolved: 2, resolution_minutes: { count: 2 } });
    });

    it('makes the autumn DST day 25 hours long', async () => {
      await f.ticket({ ownerId: owner.id, createdAt: '2026-10-25T23:30:00+01:00' });
      await f.ticket({ ownerId: owner.id, createdAt: '2026-10-26T00:30:00+01:00' });
      const report = await summary('from=2026-10-25&to=2026-10-25');
      expect(report.buckets).toHaveLength(1);
      expect(report.buckets[0]).toMatchObject({
        start: '2026-10-25T00:00:00+02:00',
        end: '2026-10-26T00:00:00+01:00',
        created: 1,
      });
    });

    it('answers CSV: a header row and one row per bucket, as a download', async () => {
      const response = await get('summary?from=2026-03-23&to=2026-03-30&format=csv', admin);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(
        'attachment; filename="report-summary-2026-03-23-2026-03-30.csv"',
      );
      const lines = response.text.split('\r\n');
      expect(lines).toHaveLength(1 + 8 + 1);
      expect(lines[8 + 1]).toBe('');
      expect(lines[0]).toBe(
        'start,end,created,resolved,reopened,first_response_median_minutes,first_response_p90_minutes,first_response_count,resolution_median_minutes,resolution_p90_minutes,resolution_count,sla_first_response_due,sla_first_response_met,sla_first_response_percent,sla_next_response_due,sla_next_response_met,sla_next_response_percent,sla_resolution_due,sla_resolution_met,sla_resolution_percent,csat_average,csat_count',
      );
      expect(lines[1]).toBe(
        '2026-03-23T00:00:00+01:00,2026-03-24T00:00:00+01:00,2,1,0,540,948,2,120,120,1,2,1,50,0,0,,1,1,100,5,1',
      );
    });
  });

  describe('GET /admin/reports/agents in calendar minutes', () => {
    it('gives every active CSR and staff with activity, credited to the assignee at the time', async () => {
      const report = await agentsReport('from=2026-03-23&to=2026-03-30');
      expect(report).toMatchObject({
        from: '2026-03-23T00:00:00+01:00',
        to: '2026-03-31T00:00:00+02:00',
        timezone: BERLIN,
        time_basis: 'calendar',
      });
      // Not the calling admin (no activity), nor the deactivated CSR.
      expect(report.items.map((item) => item.user_id).sort()).toEqual(
        [alice.id, bob.id, idle.id, zed.id].sort(),
      );
      expect(row(report, alice)).toEqual({
        user_id: alice.id,
        full_name: 'Alice Able',
        email: alice.email,
        role: 'csr',
        assigned: 3,
        resolved: 1,
        first_response_minutes: { median: 1357.5, count: 2 },
        resolution_minutes: { median: 120, count: 1 },
        sla_breaches: 1,
        csat: { average: 5, count: 1 },
        online_minutes: 600,
      });
      expect(row(report, bob)).toMatchObject({
        full_name: '=Bob Bold',
        assigned: 2,
        resolved: 3,
        first_response_minutes: { median: 535, count: 2 },
        resolution_minutes: { median: 1080, count: 3 },
        sla_breaches: 2,
        csat: { average: 3.33, count: 3 },
        online_minutes: 75.5,
      });
      expect(row(report, idle)).toEqual({
        user_id: idle.id,
        full_name: 'Carl Idle',
        email: idle.email,
        role: 'csr',
        assigned: 0,
        resolved: 0,
        first_response_minutes: { median: null, count: 0 },
        resolution_minutes: { median: null, count: 0 },
        sla_breaches: 0,
        csat: null,
        online_minutes: 0,
      });
      expect(row(report, zed)).toMatchObject({ role: 'admin', assigned: 0, online_minutes: 10 });
    });

    it('credits a resolution of an unassigned ticket to whoever resolved it', async () => {
      const ticket = await f.ticket({ ownerId: owner.id, createdAt: '2026-05-04T10:00:00+02:00' });
      await f.assigned(ticket, null, bob.id, '2026-05-04T10:05:00+02:00');
      await f.event(
        ticket,
        'unassigned',
        { from: bob.id, reason: 'offline' },
        '2026-05-04T10:10:00+02:00',
      );
      await f.status(ticket, 'open', 'resolved', '2026-05-04T11:00:00+02:00', alice.id);
      const report = await agentsReport('from=2026-05-04&to=2026-05-04');
      expect(row(report, alice)).toMatchObject({
        resolved: 1,
        resolution_minutes: { median: 60, count: 1 },
      });
      expect(row(report, bob)).toMatchObject({ assigned: 1, resolved: 0 });
    });

    it('gives a CSR only their own row', async () => {
      const report = await agentsReport('from=2026-03-23&to=2026-03-30', bob);
      expect(report.items).toHaveLength(1);
      expect(report.items[0]).toMatchObject({ user_id: bob.id, resolved: 3, sla_breaches: 2 });
    });

    it('answers CSV with formula-like names neutralised', async () => {
      const response = await get('agents?from=2026-03-23&to=2026-03-30&format=csv', admin);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(
        'attachment; filename="report-agents-2026-03-23-2026-03-30.csv"',
      );
      const lines = response.text.split('\r\n');
      expect(lines[0]).toBe(
        'user_id,full_name,email,role,assigned,resolved,first_response_median_minutes,first_response_count,resolution_median_minutes,resolution_count,sla_breaches,csat_average,csat_count,online_minutes',
      );
      expect(lines).toHaveLength(1 + 4 + 1);
      expect(lines).toContain(
        `${bob.id},'=Bob Bold,${bob.email},csr,2,3,535,2,1080,3,2,3.33,3,75.5`,
      );
      expect(lines).toContain(`${idle.id},Carl Idle,${idle.email},csr,0,0,,0,,0,0,,0,0`);
    });
  });

  describe('with business hours in the policy in force', () => {
    beforeAll(async () => {
      await f.policy(slaPolicy({ timezone: BERLIN, business_hours: OFFICE_HOURS }));
    });

    it('measures durations in business minutes', async () => {
      const report = await summary('from=2026-03-23&to=2026-03-30');
      expect(report.time_basis).toBe('business');
      expect(bucket(report, '2026-03-23')).toMatchObject({
        first_response_minutes: { median: 60, p90: 84, count: 2 },
        resolution_minutes: { median: 120, p90: 120, count: 1 },
      });
      expect(bucket(report, '2026-03-24').resolution_minutes).toEqual({
        median: 135,
        p90: 147,
        count: 2,
      });
      expect(bucket(report, '2026-03-28').first_response_minutes.median).toBe(45);
      expect(report.totals).toMatchObject({
        created: 5,
        first_response_minutes: { median: 37.5, p90: 76.5, count: 4 },
        resolution_minutes: { median: 120, p90: 141, count: 4 },
      });
    });

    it('gives agents’ medians in business minutes', async () => {
      const report = await agentsReport('from=2026-03-23&to=2026-03-30');
      expect(report.time_basis).toBe('business');
      expect(row(report, alice)).toMatchObject({
        first_response_minutes: { median: 37.5, count: 2 },
        resolution_minutes: { median: 120, count: 1 },
      });
      expect(row(report, bob)).toMatchObject({
        first_response_minutes: { median: 55, count: 2 },
        resolution_minutes: { median: 120, count: 3 },
      });
    });
  });

  describe('access and validation', () => {
    it('refuses the summary to a CSR and both reports to a user (403)', async () => {
      await get('summary', alice, 403);
      await get('summary', owner, 403);
      await get('agents', owner, 403);
    });

    it('answers 400 problems for a range over 366 days, from after to, bad dates and bad options', async () => {
      const cases: [string, string][] = [
        ['summary?from=2026-01-01&to=2027-01-02', 'to'],
        ['agents?from=2026-01-01&to=2027-01-02', 'to'],
        ['summary?from=2026-03-02&to=2026-03-01', 'from'],
        ['agents?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'from'],
        ['summary?from=2026-02-30', 'from'],
        ['summary?to=yesterday', 'to'],
        ['summary?group_by=month', 'group_by'],
        ['summary?format=xlsx', 'format'],
        ['agents?format=pdf', 'format'],
      ];
      for (const [path, field] of cases) {
        const response = await get(path, admin, 400);
        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect((response.body as ProblemBody).errors?.map((error) => error.field)).toContain(field);
      }
      // 366 days is the limit, not over it.
      await get('summary?from=2026-01-01&to=2027-01-01', admin, 200);
      await get('agents?group_by=day', admin, 400);
    });
  });

  describe('time online through the real presence route', () => {
    it('logs each announced change once and counts the time online', async () => {
      const agent = await createUser(t, 'csr', { fullName: 'Pia Presence' });
      const changes = () =>
        t.dataSource.query<{ presence: string }[]>(
          'SELECT presence FROM agent_presence_changes WHERE user_id = $1 ORDER BY changed_at, id',
          [agent.id],
        );
      await heartbeat(t, agent, 'online');
      await waitFor(changes, (rows) => rows.length === 1);
      // The same presence again changes nothing, so logs nothing.
      await heartbeat(t, agent, 'online');
      await heartbeat(t, agent, 'away');
      const rows = await waitFor(changes, (found) => found.length >= 2);
      expect(rows.map((entry) => entry.presence)).toEqual(['online', 'away']);
      // Five minutes online, as if the away had come that much later.
      await t.dataSource.query(
        `UPDATE agent_presence_changes SET changed_at = changed_at - interval '5 minutes'
          WHERE user_id = $1 AND presence = 'online'`,
        [agent.id],
      );
      const report = await agentsReport('', agent);
      expect(report.items).toHaveLength(1);
      expect(report.items[0]!.online_minutes).toBeGreaterThanOrEqual(5);
      expect(report.items[0]!.online_minutes).toBeLessThan(5.5);

      // The heartbeat expires; two sweeps notice it at once, and it is logged once.
      await t.dataSource.query(
        `UPDATE agent_profiles SET heartbeat_at = now() - interval '1 hour' WHERE user_id = $1`,
        [agent.id],
      );
      const routing = t.app.get(RoutingRepository);
      const timeout = t.config.routing.presenceTimeoutSeconds;
      const [first, second] = await Promise.all([
        routing.presenceChanges(timeout),
        routing.presenceChanges(timeout),
      ]);
      expect([...first, ...second].filter((id) => id === agent.id)).toEqual([agent.id]);
      expect((await changes()).map((entry) => entry.presence)).toEqual([
        'online',
        'away',
        'offline',
      ]);
    });
  });
});
