// What a ticket's SLA clocks say at a glance: per clock met (on time or late), breached, paused
// or running toward its due time, and for the whole ticket the most urgent of those.
import type { Sla, Ticket } from '@clients/typescript';

export type ClockName = keyof Sla;
type Clock = NonNullable<Sla[ClockName]>;

export type ClockState = 'met' | 'met_late' | 'breached' | 'paused' | 'running';

export const CLOCK_LABEL: Record<ClockName, string> = {
  first_response: 'First response',
  next_response: 'Next response',
  resolution: 'Resolution',
};

export const CLOCK_STATE_LABEL: Record<ClockState, string> = {
  met: 'Met',
  met_late: 'Met late',
  breached: 'Breached',
  paused: 'Paused',
  running: 'Running',
};

export function clockState(clock: Clock): ClockState {
  if (clock.met_at !== null) return clock.breached ? 'met_late' : 'met';
  if (clock.breached) return 'breached';
  return clock.paused ? 'paused' : 'running';
}

export function clocksOf(ticket: Ticket): [ClockName, Clock][] {
  if (ticket.sla === null) return [];
  return (Object.keys(CLOCK_LABEL) as ClockName[]).flatMap((name) => {
    const clock = ticket.sla?.[name];
    return clock === null || clock === undefined ? [] : [[name, clock] as [ClockName, Clock]];
  });
}

export type TicketSla =
  | { kind: 'none' }
  | { kind: 'breached' }
  | { kind: 'at_risk'; dueAt: string }
  | { kind: 'due'; dueAt: string }
  | { kind: 'met' };

/** The ticket's SLA in one badge; `warned`: an sla_warning was heard for it. */
export function ticketSla(ticket: Ticket, warned: boolean): TicketSla {
  const clocks = clocksOf(ticket);
  if (clocks.length === 0) return { kind: 'none' };
  const running = clocks.filter(([, clock]) => clockState(clock) === 'running');
  if (clocks.some(([, clock]) => clockState(clock) === 'breached')) return { kind: 'breached' };
  const next = running.map(([, clock]) => clock.due_at).sort()[0];
  if (next === undefined) return { kind: 'met' };
  return warned ? { kind: 'at_risk', dueAt: next } : { kind: 'due', dueAt: next };
}
