// The ticket's timeline (GET /csr/tickets/{id}/events), read again whenever the ticket changes.
import type { components } from '@clients/typescript';
import type { ChatTicket } from '@clients/typescript/chat';
import { formatDateTime } from '@web/shared/format';
import type { ConsoleStore } from '@web/console/store';
import { CLOCK_LABEL, type ClockName } from '@web/console/sla';
import { PRIORITY_LABEL, STATUS_LABEL } from '@web/console/views/badges';
import { useEffect, useState } from 'preact/hooks';

type TicketEvent = components['schemas']['TicketEventResponse'];

export function Timeline({ store, ticket }: { store: ConsoleStore; ticket: ChatTicket }) {
  const [events, setEvents] = useState<TicketEvent[]>([]);
  useEffect(() => {
    let live = true;
    void store.api
      .GET('/api/v1/csr/tickets/{id}/events', { params: { path: { id: ticket.id } } })
      .then(({ data }) => {
        if (live && data !== undefined) setEvents(data);
      });
    return () => {
      live = false;
    };
  }, [store, ticket.id, ticket.updated_at]);
  return (
    <section class="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol class="timeline">
        {events.map((event) => (
          <li key={event.id}>
            <span>{describe(store, event)}</span>
            <span class="muted small">
              {event.actor_id === null
                ? 'System'
                : event.actor_id === ticket.user_id
                  ? 'Customer'
                  : store.agentName(event.actor_id)}{' '}
              · {formatDateTime(event.created_at)}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function describe(store: ConsoleStore, event: TicketEvent): string {
  const data = event.data;
  switch (event.kind) {
    case 'created':
      return 'Created';
    case 'assigned':
      return `Assigned to ${store.agentName(text(data.to))} (${text(data.reason)})`;
    case 'unassigned':
      return `Unassigned (${text(data.reason).replace(/_/g, ' ')})`;
    case 'status_changed':
      return `Status ${label(STATUS_LABEL, data.from)} → ${label(STATUS_LABEL, data.to)}`;
    case 'priority_changed':
      return `Priority ${label(PRIORITY_LABEL, data.from)} → ${label(PRIORITY_LABEL, data.to)}`;
    case 'tags_changed': {
      const added = Array.isArray(data.added) ? data.added.join(', ') : '';
      const removed = Array.isArray(data.removed) ? data.removed.join(', ') : '';
      return `Tags${added ? ` +${added}` : ''}${removed ? ` −${removed}` : ''}`;
    }
    case 'mentioned':
      return 'Mentioned in a note';
    case 'satisfaction_submitted':
      return `Rated ${String(data.rating)} of 5`;
    case 'sla_warning':
    case 'sla_breached': {
      const clock = CLOCK_LABEL[text(data.clock) as ClockName] ?? text(data.clock);
      return `${clock} SLA ${event.kind === 'sla_warning' ? 'warning' : 'breached'}`;
    }
    default:
      return event.kind;
  }
}

function label(labels: Record<string, string>, value: unknown): string {
  return typeof value === 'string' ? (labels[value] ?? value) : 'none';
}
