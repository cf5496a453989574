// The SLA clock rules, pure: what each happening does to a ticket's clocks, when warnings and
// breaches fall due, and what the tickets table keeps for lists and the check job. Business time
// comes from a calendar; every instant from the caller, so the rules are tested without waiting.
import type { ClockTargets } from '@/sla/sla-policy';
import {
  CLOCK_NAMES,
  ClockHappening,
  ClockName,
  ClockState,
  SlaColumns,
  SlaState,
} from '@/tickets/ticket-sla';

/** The part of the business calendar the clocks need. */
export interface Calendar {
  addMinutes(start: Date, minutes: number): Date;
  minutesBetween(from: Date, to: Date): number;
}

export interface ClockContext {
  now: Date;
  calendar: Calendar;
  /** The targets of the ticket's current priority, from the policy its clocks started under. */
  targets: ClockTargets;
  /** SLA_WARNING_PERCENT. */
  warningPercent: number;
}

export interface DueAlert {
  clock: ClockName;
  run: number;
  kind: 'warning' | 'breached';
  dueAt: string;
}

const TARGET_OF: Record<ClockName, keyof ClockTargets> = {
  first_response: 'first_response_minutes',
  next_response: 'next_response_minutes',
  resolution: 'resolution_minutes',
};

/** The clocks of a new ticket: first response and resolution start at once. */
export function startClocks(policyVersion: number, ctx: ClockContext): SlaState {
  return {
    policy_version: policyVersion,
    first_response: newRun('first_response', 1, ctx),
    next_response: null,
    resolution: newRun('resolution', 1, ctx),
  };
}

/** The clocks after one happening (the ticket's change has been applied already). */
export function applyHappening(
  state: SlaState,
  happening: ClockHappening,
  ctx: ClockContext,
): SlaState {
  switch (happening.kind) {
    case 'created':
      return state;
    case 'staff_reply':
      return {
        ...state,
        first_response: meet(state.first_response, ctx),
        next_response: meet(state.next_response, ctx),
      };
    case 'owner_message': {
      const first = state.first_response;
      const next = state.next_response;
      // Waiting for the first reply is first response's business; one wait at a time.
      const answered = first !== null && first.met_at !== null;
      const waiting = next !== null && next.met_at === null && !next.stopped;
      if (!answered || waiting || first.stopped) return state;
      return { ...state, next_response: newRun('next_response', (next?.run ?? 0) + 1, ctx) };
    }
    case 'priority_changed':
      return mapClocks(state, (clock, name) => retarget(clock, ctx.targets[TARGET_OF[name]], ctx));
    case 'status_changed':
      if (happening.to === 'closed') return mapClocks(state, (clock) => stop(clock, ctx));
      if (happening.to === 'resolved') {
        return mapClocks(state, (clock, name) => pause(clock, name === 'resolution', ctx));
      }
      if (happening.from === 'resolved') return mapClocks(state, (clock) => resume(clock, ctx));
      return state;
  }
}

/**
 * The warnings and breaches due by `now` among the running clocks, warning first, and the state
 * that records them as fired. The caller makes them exactly-once (sla_alerts' key).
 */
export function dueAlerts(state: SlaState, now: Date): { alerts: DueAlert[]; state: SlaState } {
  const alerts: DueAlert[] = [];
  const next = mapClocks(state, (clock, name) => {
    if (!isRunning(clock)) return clock;
    const fired = { ...clock };
    if (!clock.warned && clock.warn_at !== null && Date.parse(clock.warn_at) <= now.getTime()) {
      fired.warned = true;
      alerts.push({ clock: name, run: clock.run, kind: 'warning', dueAt: clock.due_at! });
    }
    if (!clock.breached && clock.due_at !== null && Date.parse(clock.due_at) <= now.getTime()) {
      if (!fired.warned) {
        alerts.push({ clock: name, run: clock.run, kind: 'warning', dueAt: clock.due_at });
      }
      fired.warned = true;
      fired.breached = true;
      alerts.push({ clock: name, run: clock.run, kind: 'breached', dueAt: clock.due_at });
    }
    return fired;
  });
  return { alerts, state: next };
}

/** What the tickets table keeps beside the state: the list and check-job columns. */
export function slaColumns(state: SlaState): SlaColumns {
  const clocks = CLOCK_NAMES.map((name) => state[name]).filter((c) => c !== null);
  const running = clocks.filter(isRunning);
  return {
    sla: state,
    dueAt: earliest(running.map((clock) => clock.due_at)),
    checkAt: earliest(
      running.map((clock) =>
        !clock.warned ? clock.warn_at : !clock.breached ? clock.due_at : null,
      ),
    ),
    atRisk: running.some((clock) => clock.warned && !clock.breached),
    breached: clocks.some((clock) => clock.breached),
  };
}

/** Running toward a target: counting, not met, not paused or stopped. */
export function isRunning(clock: ClockState | null): clock is ClockState {
  return (
    clock !== null &&
    clock.target_minutes !== null &&
    clock.resumed_at !== null &&
    clock.met_at === null &&
    !clock.stopped
  );
}

function newRun(name: ClockName, run: number, ctx: ClockContext): ClockState {
  const now = ctx.now.toISOString();
  return schedule(
    {
      run,
      target_minutes: ctx.targets[TARGET_OF[name]],
      started_at: now,
      resumed_at: now,
      used_minutes: 0,
      due_at: null,
      warn_at: null,
      met_at: null,
      warned: false,
      breached: false,
      paused: false,
      stopped: false,
    },
    ctx,
  );
}

/** Due and warning moments of a running clock: its target's business time from its start. */
function schedule(clock: ClockState, ctx: ClockContext): ClockState {
  if (clock.target_minutes === null) return { ...clock, due_at: null, warn_at: null };
  if (clock.resumed_at === null) return clock;
  const from = new Date(clock.resumed_at);
  const after = (minutes: number) =>
    ctx.calendar.addMinutes(from, Math.max(0, minutes - clock.used_minutes)).toISOString();
  return {
    ...clock,
    due_at: after(clock.target_minutes),
    warn_at: after((clock.target_minutes * ctx.warningPercent) / 100),
  };
}

function meet(clock: ClockState | null, ctx: ClockContext): ClockState | null {
  if (clock === null || clock.met_at !== null || clock.stopped) return clock;
  return { ...halt(clock, ctx), met_at: ctx.now.toISOString(), paused: false };
}

/** Resolved: every counting clock waits; the resolution clock is met (until a reopen). */
function pause(clock: ClockState, isResolution: boolean, ctx: ClockContext): ClockState {
  if (clock.stopped || clock.met_at !== null || clock.resumed_at === null) return clock;
  const paused = { ...halt(clock, ctx), paused: true };
  return isResolution ? { ...paused, met_at: ctx.now.toISOString() } : paused;
}

/** Reopened: paused clocks count on with the time they had used. */
function resume(clock: ClockState, ctx: ClockContext): ClockState {
  if (!clock.paused || clock.stopped) return clock;
  return schedule(
    { ...clock, paused: false, met_at: null, resumed_at: ctx.now.toISOString() },
    ctx,
  );
}

function stop(clock: ClockState, ctx: ClockContext): ClockState {
  if (clock.stopped) return clock;
  return { ...halt(clock, ctx), stopped: true, paused: false };
}

/** A new priority's target, counted from the clock's start (met and stopped runs keep theirs). */
function retarget(clock: ClockState, target: number | null, ctx: ClockContext): ClockState {
  if (clock.stopped || clock.met_at !== null || clock.target_minutes === target) return clock;
  return schedule({ ...clock, target_minutes: target }, ctx);
}

/** Stops counting now, keeping the business time used. */
function halt(clock: ClockState, ctx: ClockContext): ClockState {
  if (clock.resumed_at === null) return clock;
  const used = ctx.calendar.minutesBetween(new Date(clock.resumed_at), ctx.now);
  return { ...clock, resumed_at: null, used_minutes: clock.used_minutes + used };
}

function mapClocks(
  state: SlaState,
  change: (clock: ClockState, name: ClockName) => ClockState,
): SlaState {
  const next = { ...state };
  for (const name of CLOCK_NAMES) {
    const clock = state[name];
    if (clock !== null) next[name] = change(clock, name);
  }
  return next;
}

function earliest(times: readonly (string | null)[]): Date | null {
  let min: number | null = null;
  for (const time of times) {
    if (time === null) continue;
    const value = Date.parse(time);
    if (min === null || value < min) min = value;
  }
  return min === null ? null : new Date(min);
}
