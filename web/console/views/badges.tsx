// Small labels used across the console: status, priority, SLA and presence.
import type { Ticket } from '@clients/typescript';
import { formatRelative } from '@web/shared/format';
import type { TicketSla } from '@web/console/sla';

export const STATUS_LABEL: Record<Ticket['status'], string> = {
  open: 'Open',
  in_progress: 'In progress',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const PRIORITY_LABEL: Record<NonNullable<Ticket['priority']>, string> = {
  urgent: 'Urgent',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export function StatusBadge({ status }: { status: Ticket['status'] }) {
  return <span class={`pill pill--status-${status}`}>{STATUS_LABEL[status]}</span>;
}

export function PriorityBadge({ priority }: { priority: Ticket['priority'] }) {
  if (priority === null) return <span class="muted">None</span>;
  return <span class={`pill pill--priority-${priority}`}>{PRIORITY_LABEL[priority]}</span>;
}

export function SlaBadge({ sla }: { sla: TicketSla }) {
  switch (sla.kind) {
    case 'none':
      return <span class="muted">—</span>;
    case 'met':
      return <span class="pill pill--ok">Met</span>;
    case 'breached':
      return <span class="pill pill--danger">Breached</span>;
    case 'at_risk':
      return <span class="pill pill--warn">At risk, due {formatRelative(sla.dueAt)}</span>;
    case 'due':
      return <span class="pill">Due {formatRelative(sla.dueAt)}</span>;
  }
}
