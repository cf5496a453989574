// The SLA policy document an admin edits (GET/PUT /admin/sla), in its wire shape, and the
// targets it gives a ticket's priority.
import type { WeekHours } from '@/sla/business-calendar';
import type { TicketPriority } from '@/tickets/ticket.entity';

/** Ticket priorities plus `none` for a ticket without one. */
export const SLA_PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'] as const;
export type SlaPriority = (typeof SLA_PRIORITIES)[number];

export const TARGET_FIELDS = [
  'first_response_minutes',
  'next_response_minutes',
  'resolution_minutes',
] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];
export type ClockTargets = Record<TargetField, number | null>;

export interface SlaPolicyDocument {
  enabled: boolean;
  timezone: string;
  business_hours: WeekHours | null;
  holidays: string[];
  targets: Record<SlaPriority, ClockTargets>;
}

/** A year of minutes; a target must also fit the calendar's horizon (see SlaService.setPolicy). */
export const TARGET_MINUTES_MAX = 525_600;

const NO_TARGETS: ClockTargets = {
  first_response_minutes: null,
  next_response_minutes: null,
  resolution_minutes: null,
};

/** In force until an admin saves a policy: no clocks. */
export const DEFAULT_SLA_POLICY: SlaPolicyDocument = {
  enabled: false,
  timezone: 'UTC',
  business_hours: null,
  holidays: [],
  targets: {
    urgent: NO_TARGETS,
    high: NO_TARGETS,
    medium: NO_TARGETS,
    low: NO_TARGETS,
    none: NO_TARGETS,
  },
};

export function slaPriority(priority: TicketPriority | null): SlaPriority {
  return priority ?? 'none';
}
