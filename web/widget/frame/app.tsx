// The frame's screens: the visitor's conversations, one conversation, a new one.
import type { ChatMessage } from '@clients/typescript/chat';
import type { PendingMessage } from '@web/shared/conversation';
import { deliveryOf, unreadCount } from '@web/shared/conversation';
import { formatRelative, formatTime } from '@web/shared/format';
import { useStore, useTick } from '@web/shared/hooks';
import { AttachmentView } from '@web/shared/ui/attachment-view';
import { Composer } from '@web/widget/frame/composer';
import type { WidgetController } from '@web/widget/frame/controller';
import { Csat } from '@web/widget/frame/csat';
import { useStickToBottom } from '@web/shared/scroll';
import { useRef } from 'preact/hooks';

const STATUS_LABEL: Record<string, string> = {
  open: 'Open',
  in_progress: 'In progress',
  resolved: 'Resolved',
  closed: 'Closed',
};

export function WidgetApp({ widget }: { widget: WidgetController }) {
  useStore(widget);
  const chat = widget.chat;
  return (
    <div class="widget" onKeyDown={(event) => event.key === 'Escape' && widget.close()}>
      <Header widget={widget} />
      {chat !== undefined && chat.connection === 'offline' && (
        <p class="banner banner--warn" role="status">
          Connection lost. Reconnecting…
        </p>
      )}
      <main class="widget__body">
        <Body widget={widget} />
      </main>
    </div>
  );
}

function Header({ widget }: { widget: WidgetController }) {
  const inConversation = widget.phase === 'ready' && widget.view.kind !== 'list';
  return (
    <header class="widget__header">
      {inConversation && (
        <button
          type="button"
          class="icon-button"
          aria-label="Back to your conversations"
          onClick={() => widget.show({ kind: 'list' })}
        >
          ‹
        </button>
      )}
      <div class="widget__heading">
        <h1>{widget.params.title}</h1>
        {widget.agentsOnline !== undefined && (
          <p class="widget__status">
            <span
              class={`dot ${widget.agentsOnline ? 'dot--online' : 'dot--offline'}`}
              aria-hidden="true"
            />
            {widget.agentsOnline
              ? 'We are online'
              : 'We are offline. Leave a message and we will answer when we are back.'}
          </p>
        )}
      </div>
      {widget.embedded && (
        <button
          type="button"
          class="icon-button"
          aria-label="Close the chat"
          onClick={() => widget.close()}
        >
          ×
        </button>
      )}
    </header>
  );
}

function Body({ widget }: { widget: WidgetController }) {
  switch (widget.phase) {
    case 'starting':
    case 'signing-in':
      return <p class="empty">Connecting…</p>;
    case 'signed-out':
      return (
        <div class="empty">
          <p>Ask us anything: we usually answer within minutes.</p>
          <button type="button" class="button" onClick={() => void widget.signInAnonymously()}>
            Start a conversation
          </button>
        </div>
      );
    case 'unavailable':
      return (
        <div class="empty">
          <p>The chat is not available on this page.</p>
          <p class="muted">{widget.unavailableReason}</p>
        </div>
      );
    case 'ready':
      break;
  }
  const view = widget.view;
  if (view.kind === 'ticket') return <Conversation widget={widget} ticketId={view.id} />;
  if (view.kind === 'new') {
    return (
      <div class="conversation">
        <div class="conversation__log">
          <p class="empty">Write your question below; a new conversation starts with it.</p>
        </div>
        <Composer
          placeholder="Your question"
          onTyping={() => undefined}
          onSend={(text, files) => widget.startConversation(text, files)}
        />
      </div>
    );
  }
  return <TicketList widget={widget} />;
}

function TicketList({ widget }: { widget: WidgetController }) {
  const { chat, me } = widget;
  return (
    <div class="tickets">
      <button
        type="button"
        class="button button--wide"
        onClick={() => widget.show({ kind: 'new' })}
      >
        New conversation
      </button>
      {widget.tickets.length === 0 ? (
        <p class="empty">No conversations yet.</p>
      ) : (
        <ul class="tickets__list" aria-label="Your conversations">
          {widget.tickets.map((ticket) => {
            const feed = chat?.feed(ticket.id);
            const unread =
              feed !== undefined && me !== undefined
                ? unreadCount(feed.messages, me.id, feed.reads)
                : 0;
            const last = feed?.messages[feed.messages.length - 1];
            return (
              <li key={ticket.id}>
                <button
                  type="button"
                  class="ticket-row"
                  onClick={() => widget.show({ kind: 'ticket', id: ticket.id })}
                >
                  <span class="ticket-row__title">{ticket.title}</span>
                  <span class="ticket-row__meta">
                    {STATUS_LABEL[ticket.status]} · {formatRelative(ticket.updated_at)}
                  </span>
                  {last !== undefined && <span class="ticket-row__last">{last.content}</span>}
                  {unread > 0 && (
                    <span class="badge" aria-label={`${unread} unread`}>
                      {unread}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function Conversation({ widget, ticketId }: { widget: WidgetController; ticketId: string }) {
  useTick(2_000);
  const chat = widget.chat;
  const me = widget.me;
  const log = useRef<HTMLDivElement>(null);
  const feed = chat?.feed(ticketId);
  const count = (feed?.messages.length ?? 0) + (feed?.pending.length ?? 0);
  useStickToBottom(log, count);
  if (chat === undefined || me === undefined || feed === undefined) return null;
  const ticket = widget.ticket(ticketId);
  const typing = Object.entries(feed.typing).some(
    ([userId, until]) => userId !== me.id && until > Date.now(),
  );
  const closed = ticket?.status === 'closed';
  const askRating =
    ticket !== undefined &&
    ticket.status === 'resolved' &&
    (ticket.satisfaction === null || widget.csatRequested.has(ticketId));
  return (
    <div class="conversation">
      <div class="conversation__log" ref={log} role="log" aria-label="Messages" tabIndex={0}>
        {ticket !== undefined && <h2 class="conversation__title">{ticket.title}</h2>}
        {chat.hasEarlier(ticketId) && (
          <button
            type="button"
            class="link-button center"
            onClick={() => void chat.loadEarlier(ticketId)}
          >
            Show earlier messages
          </button>
        )}
        {feed.status === 'unavailable' && <p class="banner banner--warn">{feed.error}</p>}
        {feed.messages.map((message) => (
          <Bubble key={message.id} widget={widget} message={message} />
        ))}
        {feed.pending.map((pending) => (
          <PendingBubble key={pending.client_id} widget={widget} pending={pending} />
        ))}
        {typing && (
          <p class="typing" role="status">
            Support is typing…
          </p>
        )}
        {askRating && <Csat onRate={(rating, comment) => widget.rate(ticketId, rating, comment)} />}
        {ticket?.satisfaction != null && !askRating && (
          <p class="muted center">
            You rated this conversation {ticket.satisfaction.rating} of 5. Thank you!
          </p>
        )}
      </div>
      {closed ? (
        <p class="banner">This conversation is closed. Start a new one from your conversations.</p>
      ) : (
        <Composer
          placeholder="Write a message"
          onTyping={(isTyping) => chat.typing(ticketId, isTyping)}
          onSend={(text, files) => widget.send(ticketId, text, files)}
        />
      )}
    </div>
  );
}

const DELIVERY_LABEL = {
  sending: 'Sending',
  failed: 'Not sent',
  sent: 'Sent',
  read: 'Read',
} as const;

function Bubble({ widget, message }: { widget: WidgetController; message: ChatMessage }) {
  const me = widget.me?.id ?? '';
  const mine = message.sender_id === me;
  const feed = widget.chat?.feed(message.ticket_id);
  const delivery = mine && feed !== undefined ? deliveryOf(message, me, feed.reads) : undefined;
  return (
    <div class={`bubble ${mine ? 'bubble--mine' : 'bubble--theirs'}`} data-seq={message.seq}>
      <span class="sr-only">{mine ? 'You' : 'Support'}:</span>
      {message.content.length > 0 && <p class="bubble__text">{message.content}</p>}
      {message.attachments.map((attachment) => (
        <AttachmentView
          key={attachment.id}
          origin={widget.origin}
          session={widget.session}
          attachment={attachment}
        />
      ))}
      <span class="bubble__meta">
        {formatTime(message.created_at)}
        {delivery !== undefined && (
          <span class={`delivery delivery--${delivery}`} title={DELIVERY_LABEL[delivery]}>
            <span aria-hidden="true">{delivery === 'read' ? ' ✓✓' : ' ✓'}</span>
            <span class="sr-only">{DELIVERY_LABEL[delivery]}</span>
          </span>
        )}
      </span>
    </div>
  );
}

function PendingBubble({ widget, pending }: { widget: WidgetController; pending: PendingMessage }) {
  const ticketId = widget.view.kind === 'ticket' ? widget.view.id : '';
  return (
    <div class="bubble bubble--mine bubble--pending" data-client-id={pending.client_id}>
      {pending.content.length > 0 && <p class="bubble__text">{pending.content}</p>}
      {pending.attachments.map((attachment) => (
        <AttachmentView
          key={attachment.id}
          origin={widget.origin}
          session={widget.session}
          attachment={attachment}
        />
      ))}
      <span class="bubble__meta">
        <span class={`delivery delivery--${pending.state}`}>
          {pending.state === 'sending' ? 'Sending…' : `Not sent: ${pending.error ?? ''}`}
        </span>
        {pending.state === 'failed' && (
          <button
            type="button"
            class="link-button"
            onClick={() => widget.chat?.retry(ticketId, pending.client_id)}
          >
            Retry
          </button>
        )}
      </span>
    </div>
  );
}
