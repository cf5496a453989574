// One ticket: the conversation and the internal notes side by side, and beside them what the
// agent works with: status, priority, assignment, tags, SLA clocks, the rating and the timeline.
import type { Attachment, Ticket } from '@clients/typescript';
import type { ChatTicket } from '@clients/typescript/chat';
import { RATING_MAX } from '@/satisfaction/satisfaction-limits';
import { canTransition } from '@/tickets/ticket-status';
import { problemText } from '@web/shared/api';
import { attachmentUrl } from '@web/shared/attachments';
import {
  formatBytes,
  formatDateTime,
  formatMinutes,
  formatRelative,
  formatWhen,
} from '@web/shared/format';
import { useStore, useTick } from '@web/shared/hooks';
import { CLOCK_LABEL, CLOCK_STATE_LABEL, clocksOf, clockState } from '@web/console/sla';
import type { ConsoleStore } from '@web/console/store';
import { PRIORITY_LABEL, STATUS_LABEL, StatusBadge } from '@web/console/views/badges';
import { ConversationPane } from '@web/console/views/conversation-pane';
import { NotesPane } from '@web/console/views/notes-pane';
import { Timeline } from '@web/console/views/timeline';
import { useEffect, useState } from 'preact/hooks';

const STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
const PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;

export function TicketView({ store, ticketId }: { store: ConsoleStore; ticketId: string }) {
  useStore(store);
  useTick(30_000);
  const [loaded, setLoaded] = useState<Ticket | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [actionError, setActionError] = useState<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void store.api
      .GET('/api/v1/csr/tickets/{id}', { params: { path: { id: ticketId } } })
      .then(({ data, error: failure }) => {
        if (!live) return;
        if (data === undefined) setError(problemText(failure, 'Ticket not found'));
        else setLoaded(data);
      });
    return () => {
      live = false;
      store.release(ticketId);
    };
  }, [store, ticketId]);

  const feed = store.chat?.feed(ticketId);
  // The socket's copy changes with status, priority, assignee, tags and rating; what a message
  // changes (first response, SLA clocks) is read again after each message.
  useEffect(() => {
    if (feed?.ticket !== undefined) setLoaded(feed.ticket);
  }, [feed?.ticket]);
  const messageCount = feed?.messages.length ?? 0;
  useEffect(() => {
    if (messageCount === 0) return;
    let live = true;
    const timer = setTimeout(() => {
      void store.api
        .GET('/api/v1/csr/tickets/{id}', { params: { path: { id: ticketId } } })
        .then(({ data }) => {
          if (live && data !== undefined) setLoaded(data);
        });
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [store, ticketId, messageCount]);
  const ticket: ChatTicket | undefined = loaded ?? feed?.ticket;
  const me = store.me;
  const participant =
    ticket !== undefined &&
    me !== undefined &&
    (me.role === 'admin' || ticket.assigned_to_id === me.id || ticket.watcher_ids.includes(me.id));

  useEffect(() => {
    if (ticket !== undefined && participant) store.follow(ticket);
  }, [store, ticket?.id, participant]);

  if (error !== undefined) {
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  }
  if (ticket === undefined || me === undefined) return <p class="muted">Loading…</p>;

  const act = async (action: () => Promise<{ error?: unknown; data?: Ticket }>) => {
    setActionError(undefined);
    const { error: failure, data } = await action();
    if (data !== undefined) setLoaded(data);
    else setActionError(problemText(failure, 'That did not work'));
    store.bumpLists();
  };
  const path = { params: { path: { id: ticket.id } } };
  const closed = ticket.status === 'closed';

  return (
    <article class="ticket" aria-labelledby="ticket-title">
      <header class="ticket__head">
        <div>
          <p class="muted">
            #{ticket.number} · {ticket.category} · {ticket.type} · opened{' '}
            {formatRelative(ticket.created_at)}
          </p>
          <h1 id="ticket-title">{ticket.title}</h1>
        </div>
        <div class="ticket__controls">
          <label class="inline-field">
            <span>Status</span>
            <select
              value={ticket.status}
              disabled={closed}
              onChange={(event) => {
                const status = event.currentTarget.value as Ticket['status'];
                void act(() =>
                  store.api.PATCH('/api/v1/csr/tickets/{id}', { ...path, body: { status } }),
                );
              }}
            >
              {STATUSES.filter(
                (status) =>
                  status === ticket.status || canTransition(ticket.status, status, 'staff'),
              ).map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABEL[status]}
                </option>
              ))}
            </select>
          </label>
          <label class="inline-field">
            <span>Priority</span>
            <select
              value={ticket.priority ?? ''}
              disabled={closed}
              onChange={(event) => {
                const priority = event.currentTarget.value as NonNullable<Ticket['priority']>;
                void act(() =>
                  store.api.PATCH('/api/v1/csr/tickets/{id}', { ...path, body: { priority } }),
                );
              }}
            >
              {ticket.priority === null && (
                <option value="" disabled>
                  None
                </option>
              )}
              {PRIORITIES.map((priority) => (
                <option key={priority} value={priority}>
                  {PRIORITY_LABEL[priority]}
                </option>
              ))}
            </select>
          </label>
          <label class="inline-field">
            <span>Assignee</span>
            <select
              value={ticket.assigned_to_id ?? ''}
              disabled={closed}
              onChange={(event) => {
                const assignee = event.currentTarget.value;
                void act(() =>
                  store.api.POST('/api/v1/csr/tickets/{id}/assign', {
                    ...path,
                    body: { assignee_id: assignee },
                  }),
                );
              }}
            >
              {ticket.assigned_to_id === null && (
                <option value="" disabled>
                  Unassigned
                </option>
              )}
              {store.agents
                .filter((agent) => agent.role === 'csr' || agent.id === ticket.assigned_to_id)
                .map((agent) => (
                  <option key={agent.id} value={agent.id}>
                    {agent.full_name} ({agent.presence}, {agent.load}
                    {agent.capacity === null ? '' : `/${agent.capacity}`})
                  </option>
                ))}
            </select>
          </label>
          {ticket.assigned_to_id !== me.id && !closed && (
            <button
              type="button"
              class="button"
              onClick={() =>
                void act(() =>
                  store.api.POST('/api/v1/csr/tickets/{id}/assign', {
                    ...path,
                    body: { assignee_id: me.id },
                  }),
                )
              }
            >
              Assign to me
            </button>
          )}
        </div>
        {actionError !== undefined && (
          <p class="error" role="alert">
            {actionError}
          </p>
        )}
      </header>
      <div class="ticket__columns">
        <ConversationPane store={store} ticket={ticket} participant={participant} />
        <NotesPane store={store} ticket={ticket} />
        <aside class="ticket__side" aria-label="Ticket details">
          <Details ticket={ticket} />
          <Rating ticket={ticket} />
          <SlaPanel ticket={ticket} atRisk={store.slaAtRisk.has(ticket.id)} />
          <Attachments store={store} ticketId={ticket.id} />
          <Tags store={store} ticket={ticket} onSaved={setLoaded} />
          <Timeline store={store} ticket={ticket} />
        </aside>
      </div>
    </article>
  );
}

function Details({ ticket }: { ticket: ChatTicket }) {
  return (
    <section class="panel" aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={ticket.status} />
        </dd>
        <dt>Created</dt>
        <dd>{formatDateTime(ticket.created_at)}</dd>
        {ticket.first_response_at !== null && (
          <>
            <dt>First response</dt>
            <dd>{formatDateTime(ticket.first_response_at)}</dd>
          </>
        )}
        {ticket.resolved_at !== null && (
          <>
            <dt>Resolved</dt>
            <dd>{formatDateTime(ticket.resolved_at)}</dd>
          </>
        )}
      </dl>
      <h3 class="panel__sub">Description</h3>
      <p class="pre">{ticket.description}</p>
    </section>
  );
}

function SlaPanel({ ticket, atRisk }: { ticket: ChatTicket; atRisk: boolean }) {
  const clocks = clocksOf(ticket);
  return (
    <section class="panel" aria-labelledby="sla-title">
      <h2 id="sla-title">SLA</h2>
      {atRisk && (
        <p class="pill pill--warn">At risk: a clock has used its warning share of the target</p>
      )}
      {clocks.length === 0 ? (
        <p class="muted">No SLA policy applied to this ticket.</p>
      ) : (
        <ul class="clocks">
          {clocks.map(([name, clock]) => {
            const state = clockState(clock);
            return (
              <li key={name} class="clock">
                <span class="clock__name">{CLOCK_LABEL[name]}</span>
                <span class={`pill pill--clock-${state}`}>{CLOCK_STATE_LABEL[state]}</span>
                <span class="clock__times muted">
                  {formatMinutes(clock.target_minutes)} target · due{' '}
                  <time dateTime={clock.due_at} title={formatDateTime(clock.due_at)}>
                    {state === 'running'
                      ? `${formatWhen(clock.due_at)} (${formatRelative(clock.due_at)})`
                      : formatWhen(clock.due_at)}
                  </time>
                  {clock.met_at !== null && <> · met {formatWhen(clock.met_at)}</>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** Every file in the conversation, newest first, to find one without scrolling. */
function Attachments({ store, ticketId }: { store: ConsoleStore; ticketId: string }) {
  const messages = store.chat?.feed(ticketId).messages ?? [];
  const files = messages.flatMap((message) => message.attachments).reverse();
  if (files.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="files-title">
      <h2 id="files-title">Attachments</h2>
      <ul class="files">
        {files.map((attachment) => (
          <li key={attachment.id}>
            <AttachmentLink store={store} attachment={attachment} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function AttachmentLink({ store, attachment }: { store: ConsoleStore; attachment: Attachment }) {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    attachmentUrl(store.origin, store.session, attachment.id).then(
      (value) => live && setUrl(value),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [store, attachment.id]);
  return (
    <a href={url} download={attachment.filename}>
      {attachment.filename} <span class="muted">({formatBytes(attachment.size)})</span>
    </a>
  );
}

function Rating({ ticket }: { ticket: ChatTicket }) {
  const rating = ticket.satisfaction;
  return (
    <section class="panel" aria-labelledby="rating-title">
      <h2 id="rating-title">Customer rating</h2>
      {rating === null ? (
        <p class="muted">Not rated.</p>
      ) : (
        <div class="rating" data-rating={rating.rating}>
          <p>
            <span class="stars" aria-hidden="true">
              {'★'.repeat(rating.rating)}
              {'☆'.repeat(RATING_MAX - rating.rating)}
            </span>{' '}
            <strong>
              {rating.rating} of {RATING_MAX}
            </strong>
          </p>
          {rating.comment !== null && <p class="pre">“{rating.comment}”</p>}
          <p class="muted">{formatDateTime(rating.rated_at)}</p>
        </div>
      )}
    </section>
  );
}

function Tags({
  store,
  ticket,
  onSaved,
}: {
  store: ConsoleStore;
  ticket: ChatTicket;
  onSaved: (ticket: Ticket) => void;
}) {
  const [value, setValue] = useState(ticket.tags.join(', '));
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => setValue(ticket.tags.join(', ')), [ticket.tags.join(',')]);
  return (
    <section class="panel" aria-labelledby="tags-title">
      <h2 id="tags-title">Tags</h2>
      <ul class="tags">
        {ticket.tags.map((tag) => (
          <li key={tag} class="tag">
            {tag}
          </li>
        ))}
      </ul>
      <form
        class="tags__form"
        onSubmit={(event) => {
          event.preventDefault();
          const tags = value
            .split(',')
            .map((tag) => tag.trim())
            .filter((tag) => tag.length > 0);
          void store.api
            .PUT('/api/v1/csr/tickets/{id}/tags', {
              params: { path: { id: ticket.id } },
              body: { tags },
            })
            .then(({ data, error: failure }) => {
              if (data !== undefined) onSaved(data);
              setError(data === undefined ? problemText(failure, 'Could not save') : undefined);
            });
        }}
      >
        <label class="sr-only" for="tags-input">
          Tags, separated by commas
        </label>
        <input
          id="tags-input"
          value={value}
          placeholder="billing, vip"
          disabled={ticket.status === 'closed'}
          onInput={(event) => setValue(event.currentTarget.value)}
        />
        <button type="submit" class="button button--small" disabled={ticket.status === 'closed'}>
          Save tags
        </button>
      </form>
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
