// The conversation with the customer: live messages with read receipts and the typing
// indicator, and the reply box (canned responses: type / and a short code).
import type { ChatMessage, ChatTicket } from '@clients/typescript/chat';
import { uploadAttachment } from '@web/shared/api';
import { lastFromOthers, type PendingMessage } from '@web/shared/conversation';
import { formatTime } from '@web/shared/format';
import { useTick } from '@web/shared/hooks';
import { AttachmentView } from '@web/shared/ui/attachment-view';
import type { ConsoleStore } from '@web/console/store';
import { ReplyBox } from '@web/console/views/reply-box';
import { useStickToBottom } from '@web/shared/scroll';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  store: ConsoleStore;
  ticket: ChatTicket;
  participant: boolean;
}

export function ConversationPane({ store, ticket, participant }: Props) {
  useTick(2_000);
  const chat = store.chat;
  const me = store.me;
  const feed = chat?.feed(ticket.id);
  const log = useRef<HTMLDivElement>(null);
  const count = (feed?.messages.length ?? 0) + (feed?.pending.length ?? 0);

  useStickToBottom(log, count);

  // Reading happens while the agent has this ticket on screen: the customer sees ✓✓.
  useEffect(() => {
    if (chat === undefined || me === undefined || feed === undefined) return;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      const last = lastFromOthers(feed.messages, me.id);
      if (last !== undefined) chat.markRead(ticket.id, last);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [chat, me, feed?.messages, ticket.id]);

  if (!participant || chat === undefined || me === undefined || feed === undefined) {
    return (
      <section class="pane pane--conversation" aria-labelledby="conversation-title">
        <h2 id="conversation-title">Conversation</h2>
        <p class="muted">
          You are not in this conversation. Assign the ticket to yourself to read and answer it.
        </p>
      </section>
    );
  }

  const customerTyping = Object.entries(feed.typing).some(
    ([userId, until]) => userId === ticket.user_id && until > Date.now(),
  );
  const ownerRead = feed.reads[ticket.user_id] ?? 0;

  return (
    <section class="pane pane--conversation" aria-labelledby="conversation-title">
      <h2 id="conversation-title">Conversation</h2>
      <div class="pane__log" ref={log} role="log" aria-label="Messages" tabIndex={0}>
        {feed.status === 'unavailable' && <p class="error">{feed.error}</p>}
        {chat.hasEarlier(ticket.id) && (
          <button
            type="button"
            class="link-button"
            onClick={() => void chat.loadEarlier(ticket.id)}
          >
            Show earlier messages
          </button>
        )}
        {feed.messages.length === 0 && feed.status === 'joined' && (
          <p class="muted">No messages yet.</p>
        )}
        {feed.messages.map((message) => (
          <MessageItem
            key={message.id}
            store={store}
            message={message}
            mine={message.sender_id === me.id}
            read={message.seq <= ownerRead}
          />
        ))}
        {feed.pending.map((pending) => (
          <PendingItem
            key={pending.client_id}
            store={store}
            ticketId={ticket.id}
            pending={pending}
          />
        ))}
        {customerTyping && (
          <p class="typing" role="status">
            Customer is typing…
          </p>
        )}
      </div>
      {ticket.status === 'closed' ? (
        <p class="muted">The ticket is closed.</p>
      ) : (
        <ReplyBox
          store={store}
          ticketId={ticket.id}
          label="Reply to the customer"
          placeholder="Reply… (/ for canned responses)"
          canned
          onTyping={(isTyping) => chat.typing(ticket.id, isTyping)}
          onSend={async (text, files) => {
            const attachments = await Promise.all(
              files.map((file) => uploadAttachment(store.origin, store.session, ticket.id, file)),
            );
            chat.send(ticket.id, text.trim(), attachments);
          }}
        />
      )}
    </section>
  );
}

function MessageItem({
  store,
  message,
  mine,
  read,
}: {
  store: ConsoleStore;
  message: ChatMessage;
  mine: boolean;
  read: boolean;
}) {
  const who =
    message.sender_role === 'user' ? 'Customer' : mine ? 'You' : store.agentName(message.sender_id);
  return (
    <div
      class={`message ${message.sender_role === 'user' ? 'message--customer' : 'message--staff'}`}
      data-seq={message.seq}
    >
      <p class="message__head">
        <strong>{who}</strong> <span class="muted">{formatTime(message.created_at)}</span>
        {mine && (
          <span class={`delivery delivery--${read ? 'read' : 'sent'}`}>
            <span aria-hidden="true">{read ? ' ✓✓' : ' ✓'}</span>
            <span class="sr-only">{read ? 'Read by the customer' : 'Sent'}</span>
          </span>
        )}
      </p>
      {message.content.length > 0 && <p class="pre">{message.content}</p>}
      {message.attachments.map((attachment) => (
        <AttachmentView
          key={attachment.id}
          origin={store.origin}
          session={store.session}
          attachment={attachment}
        />
      ))}
    </div>
  );
}

function PendingItem({
  store,
  ticketId,
  pending,
}: {
  store: ConsoleStore;
  ticketId: string;
  pending: PendingMessage;
}) {
  return (
    <div class="message message--staff message--pending">
      <p class="message__head">
        <strong>You</strong>{' '}
        <span class="muted">
          {pending.state === 'sending' ? 'Sending…' : `Not sent: ${pending.error ?? ''}`}
        </span>
        {pending.state === 'failed' && (
          <button
            type="button"
            class="link-button"
            onClick={() => store.chat?.retry(ticketId, pending.client_id)}
          >
            Retry
          </button>
        )}
      </p>
      <p class="pre">{pending.content}</p>
    </div>
  );
}
