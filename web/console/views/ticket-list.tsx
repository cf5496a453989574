// The queue (unassigned, sort=queue), my tickets, all tickets and search: one table each, kept
// current by the socket's ticket events (they move store.listVersion, and the list refetches).
import type { Ticket } from '@clients/typescript';
import { unreadCount } from '@web/shared/conversation';
import { formatRelative } from '@web/shared/format';
import { useTick } from '@web/shared/hooks';
import { href, navigate, type Route } from '@web/console/router';
import { ticketSla } from '@web/console/sla';
import type { ConsoleStore } from '@web/console/store';
import { PriorityBadge, SlaBadge, StatusBadge } from '@web/console/views/badges';
import { useEffect, useState } from 'preact/hooks';

type ListRoute = Extract<Route, { name: 'queue' | 'mine' | 'all' | 'search' }>;

const TITLES: Record<ListRoute['name'], string> = {
  queue: 'Queue',
  mine: 'My tickets',
  all: 'All tickets',
  search: 'Search',
};

const STATUS_FILTERS = [
  { value: '', label: 'Any status' },
  { value: 'open,in_progress', label: 'Open or in progress' },
  { value: 'open', label: 'Open' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'closed', label: 'Closed' },
];

interface Row {
  ticket: Ticket;
  highlights?: { field: string; text: string }[];
}

const PAGE = 25;

export function TicketList({ store, route }: { store: ConsoleStore; route: ListRoute }) {
  useTick(30_000);
  const [status, setStatus] = useState(route.name === 'mine' ? 'open,in_progress' : '');
  const [rows, setRows] = useState<Row[] | undefined>(undefined);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [query, setQuery] = useState(route.name === 'search' ? route.q : '');
  const q = route.name === 'search' ? route.q : '';

  const load = async (after: string | null) => {
    const page = await fetchPage(store, route.name, status, q, after);
    if (page === undefined) {
      setError('Could not load the tickets');
      return;
    }
    setError(undefined);
    setRows((current) => (after === null ? page.rows : [...(current ?? []), ...page.rows]));
    setCursor(page.next);
  };

  useEffect(() => {
    void load(null);
  }, [route.name, status, q, store.listVersion]);

  useEffect(() => setQuery(q), [q]);

  const title = TITLES[route.name];
  return (
    <section class="list" aria-labelledby="list-title">
      <div class="list__head">
        <h1 id="list-title">{title}</h1>
        {route.name === 'search' ? (
          <form
            role="search"
            class="search-form"
            onSubmit={(event) => {
              event.preventDefault();
              navigate({ name: 'search', q: query.trim() });
            }}
          >
            <label class="sr-only" for="search-q">
              Search tickets, messages and notes
            </label>
            <input
              id="search-q"
              type="search"
              placeholder='Words, "a phrase", -excluded'
              value={query}
              onInput={(event) => setQuery(event.currentTarget.value)}
            />
            <button type="submit" class="button">
              Search
            </button>
          </form>
        ) : (
          route.name !== 'queue' && (
            <label class="inline-field">
              <span>Status</span>
              <select value={status} onChange={(event) => setStatus(event.currentTarget.value)}>
                {STATUS_FILTERS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </label>
          )
        )}
      </div>
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {rows === undefined ? (
        <p class="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p class="muted">
          {route.name === 'search' && q === '' ? 'Type a search above.' : 'No tickets here.'}
        </p>
      ) : (
        <table class="table" aria-labelledby="list-title">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Priority</th>
              <th scope="col">Assignee</th>
              <th scope="col">SLA</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ ticket, highlights }) => (
              <TicketRow key={ticket.id} store={store} ticket={ticket} highlights={highlights} />
            ))}
          </tbody>
        </table>
      )}
      {cursor !== null && (
        <button type="button" class="button button--secondary" onClick={() => void load(cursor)}>
          Load more
        </button>
      )}
    </section>
  );
}

function TicketRow({ store, ticket, highlights }: { store: ConsoleStore } & Row) {
  const feed = store.chat?.feed(ticket.id);
  const live = feed?.ticket ?? ticket;
  const unread =
    feed !== undefined && store.me !== undefined
      ? unreadCount(feed.messages, store.me.id, feed.reads)
      : 0;
  return (
    <tr>
      <td>{live.number}</td>
      <td>
        <a href={href({ name: 'ticket', id: live.id })}>{live.title}</a>
        {unread > 0 && (
          <span class="badge badge--inline" aria-label={`${unread} unread`}>
            {unread}
          </span>
        )}
        {highlights?.map((highlight, index) => (
          <p key={index} class="highlight">
            <span class="muted">{highlight.field}: </span>
            <Highlighted text={highlight.text} />
          </p>
        ))}
      </td>
      <td>
        <StatusBadge status={live.status} />
      </td>
      <td>
        <PriorityBadge priority={live.priority} />
      </td>
      <td>{store.agentName(live.assigned_to_id)}</td>
      <td>
        <SlaBadge sla={ticketSla(live, store.slaAtRisk.has(live.id))} />
      </td>
      <td>{formatRelative(live.updated_at)}</td>
    </tr>
  );
}

/** Search passages mark matches between « and »: shown as <mark>, never parsed as HTML. */
function Highlighted({ text }: { text: string }) {
  const parts = text.split(/«|»/);
  return (
    <>{parts.map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part))}</>
  );
}

async function fetchPage(
  store: ConsoleStore,
  name: ListRoute['name'],
  status: string,
  q: string,
  cursor: string | null,
): Promise<{ rows: Row[]; next: string | null } | undefined> {
  const paging = cursor === null ? { limit: PAGE } : { limit: PAGE, cursor };
  if (name === 'search') {
    if (q === '') return { rows: [], next: null };
    const { data } = await store.api.GET('/api/v1/csr/search', {
      params: { query: { q, ...paging } },
    });
    if (data === undefined) return undefined;
    return {
      rows: data.items.map((item) => ({ ticket: item.ticket, highlights: item.highlights })),
      next: data.next_cursor,
    };
  }
  const filter =
    name === 'queue'
      ? { unassigned: true, sort: 'queue' as const, status: 'open,in_progress' }
      : name === 'mine'
        ? { assignee_id: 'me', sort: '-updated_at' as const }
        : { sort: '-updated_at' as const };
  const statusFilter = name !== 'queue' && status !== '' ? { status } : {};
  const { data } = await store.api.GET('/api/v1/csr/tickets', {
    params: { query: { ...filter, ...statusFilter, ...paging } },
  });
  if (data === undefined) return undefined;
  return { rows: data.items.map((ticket) => ({ ticket })), next: data.next_cursor };
}
