import {
  applyHappening,
  Calendar,
  ClockContext,
  dueAlerts,
  slaColumns,
  startClocks,
} from '@/sla/sla-clocks';
import type { ClockTargets } from '@/sla/sla-policy';
import type { SlaState } from '@/tickets/ticket-sla';

// Around the clock: a minute of business time is a minute, so expectations read plainly.
const calendar: Calendar = {
  addMinutes: (start, minutes) => new Date(start.getTime() + minutes * 60_000),
  minutesBetween: (from, to) => Math.max(0, (to.getTime() - from.getTime()) / 60_000),
};

const T0 = Date.parse('2026-12-01T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

const TARGETS: ClockTargets = {
  first_response_minutes: 60,
  next_response_minutes: 30,
  resolution_minutes: 240,
};

function ctx(minutes: number, targets: ClockTargets = TARGETS): ClockContext {
  return { now: at(minutes), calendar, targets, warningPercent: 80 };
}

function run(steps: [number, Parameters<typeof applyHappening>[1], ClockTargets?][]): SlaState {
  let state = startClocks(1, ctx(0));
  for (const [minutes, happening, targets] of steps) {
    state = applyHappening(state, happening, ctx(minutes, targets));
  }
  return state;
}

describe('SLA clocks', () => {
  it('starts first response and resolution at creation, with due and warning moments', () => {
    const state = startClocks(3, ctx(0));
    expect(state.policy_version).toBe(3);
    expect(state.first_response).toMatchObject({ run: 1, due_at: iso(60), warn_at: iso(48) });
    expect(state.resolution).toMatchObject({ due_at: iso(240), warn_at: iso(192) });
    expect(state.next_response).toBeNull();
    expect(slaColumns(state)).toMatchObject({ dueAt: at(60), checkAt: at(48), breached: false });
  });

  it('meets first response on the first staff reply, and starts next response on the owner’s next message', () => {
    const state = run([
      [10, { kind: 'staff_reply' }],
      [20, { kind: 'owner_message' }],
      [25, { kind: 'owner_message' }],
    ]);
    expect(state.first_response).toMatchObject({ met_at: iso(10), used_minutes: 10 });
    expect(state.next_response).toMatchObject({ run: 1, started_at: iso(20), due_at: iso(50) });
  });

  it('does not start next response while the first reply is still awaited', () => {
    const state = run([[5, { kind: 'owner_message' }]]);
    expect(state.next_response).toBeNull();
  });

  it('numbers each next-response wait as a new run', () => {
    const state = run([
      [10, { kind: 'staff_reply' }],
      [20, { kind: 'owner_message' }],
      [30, { kind: 'staff_reply' }],
      [40, { kind: 'owner_message' }],
    ]);
    expect(state.next_response).toMatchObject({ run: 2, started_at: iso(40), met_at: null });
  });

  it('pauses resolution while resolved and resumes it on reopen with the time already used', () => {
    const resolved = run([[100, { kind: 'status_changed', from: 'open', to: 'resolved' }]]);
    expect(resolved.resolution).toMatchObject({
      paused: true,
      met_at: iso(100),
      used_minutes: 100,
    });
    expect(slaColumns(resolved).checkAt).toBeNull();
    const reopened = applyHappening(
      resolved,
      { kind: 'status_changed', from: 'resolved', to: 'open' },
      ctx(1000),
    );
    // 140 minutes were left when it was resolved.
    expect(reopened.resolution).toMatchObject({ paused: false, met_at: null, due_at: iso(1140) });
  });

  it('stops every clock at closed', () => {
    const state = run([[30, { kind: 'status_changed', from: 'open', to: 'closed' }]]);
    expect(state.first_response).toMatchObject({ stopped: true, used_minutes: 30 });
    expect(slaColumns(state)).toMatchObject({ dueAt: null, checkAt: null });
    expect(applyHappening(state, { kind: 'staff_reply' }, ctx(40)).first_response?.met_at).toBe(
      null,
    );
  });

  it('re-targets running clocks from their start on a priority change, leaving met ones', () => {
    const urgent = {
      first_response_minutes: 15,
      next_response_minutes: 10,
      resolution_minutes: 120,
    };
    const state = run([
      [5, { kind: 'staff_reply' }],
      [10, { kind: 'priority_changed' }, urgent],
    ]);
    expect(state.first_response).toMatchObject({ target_minutes: 60, met_at: iso(5) });
    expect(state.resolution).toMatchObject({ target_minutes: 120, due_at: iso(120) });
  });

  it('starts a clock that had no target when the new priority gives it one', () => {
    const none = {
      first_response_minutes: null,
      next_response_minutes: null,
      resolution_minutes: null,
    };
    let state = startClocks(1, ctx(0, none));
    expect(slaColumns(state).checkAt).toBeNull();
    state = applyHappening(state, { kind: 'priority_changed' }, ctx(10));
    expect(state.first_response).toMatchObject({ target_minutes: 60, due_at: iso(60) });
  });

  it('fires the warning, then the breach, once each', () => {
    const state = startClocks(1, ctx(0));
    expect(dueAlerts(state, at(47)).alerts).toEqual([]);
    const warned = dueAlerts(state, at(48));
    expect(warned.alerts).toEqual([
      { clock: 'first_response', run: 1, kind: 'warning', dueAt: iso(60) },
    ]);
    expect(slaColumns(warned.state)).toMatchObject({ atRisk: true, checkAt: at(60) });
    expect(dueAlerts(warned.state, at(50)).alerts).toEqual([]);
    const breached = dueAlerts(warned.state, at(61));
    expect(breached.alerts.map((a) => a.kind)).toEqual(['breached']);
    expect(slaColumns(breached.state)).toMatchObject({ atRisk: false, breached: true });
  });

  it('fires a missed warning before the breach when both are past', () => {
    const { alerts } = dueAlerts(startClocks(1, ctx(0)), at(300));
    expect(alerts.map((a) => `${a.clock}:${a.kind}`)).toEqual([
      'first_response:warning',
      'first_response:breached',
      'resolution:warning',
      'resolution:breached',
    ]);
  });

  it('never fires for a met clock', () => {
    const state = run([[10, { kind: 'staff_reply' }]]);
    expect(dueAlerts(state, at(100)).alerts.map((a) => a.clock)).toEqual([]);
  });
});
