// The pure rules of a conversation on screen: messages merged by id and ordered by seq (so a
// replay after a reconnect never shows one twice), pending sends settled by their client_id,
// delivery state from the other side's read markers, and what counts as unread.
import type { Attachment } from '@clients/typescript';
import type { ChatMessage } from '@clients/typescript/chat';

export interface PendingMessage {
  client_id: string;
  content: string;
  attachments: Attachment[];
  /** `failed` carries the server's reason; such a send is not retried by itself. */
  state: 'sending' | 'failed';
  error?: string;
  created_at: string;
}

/** Read markers by user id: the seq of the last message each participant has read. */
export type Reads = Readonly<Record<string, number>>;

export type Delivery = 'sending' | 'failed' | 'sent' | 'read';

/**
 * `known` with `incoming` added, ordered by seq. Returns `known` itself when nothing is new, so
 * a replay of messages already shown is not even a change.
 */
export function mergeMessages(
  known: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): readonly ChatMessage[] {
  const ids = new Set(known.map((message) => message.id));
  const fresh = incoming.filter((message) => {
    if (ids.has(message.id)) return false;
    ids.add(message.id);
    return true;
  });
  if (fresh.length === 0) return known;
  return [...known, ...fresh].sort((a, b) => a.seq - b.seq);
}

/** The pending sends that no stored message answers yet (matched by client_id). */
export function settlePending(
  pending: readonly PendingMessage[],
  messages: readonly ChatMessage[],
): readonly PendingMessage[] {
  if (pending.length === 0) return pending;
  const stored = new Set(messages.map((message) => message.client_id));
  const left = pending.filter((send) => !stored.has(send.client_id));
  return left.length === pending.length ? pending : left;
}

export function lastSeq(messages: readonly ChatMessage[]): number {
  return messages.length === 0 ? 0 : (messages[messages.length - 1]?.seq ?? 0);
}

/** True when `message` leaves a hole after what is known: something was missed in between. */
export function followsGap(known: readonly ChatMessage[], message: ChatMessage): boolean {
  return known.length > 0 && message.seq > lastSeq(known) + 1;
}

/** A marker moves forward only: a late, older `read` event never takes a ✓✓ away. */
export function moveRead(reads: Reads, userId: string, seq: number): Reads {
  return (reads[userId] ?? 0) >= seq ? reads : { ...reads, [userId]: seq };
}

/** Sent by `me` and read by anyone else in the conversation: ✓✓. */
export function deliveryOf(message: ChatMessage, me: string, reads: Reads): Delivery {
  const readByOthers = Object.entries(reads).some(
    ([userId, seq]) => userId !== me && seq >= message.seq,
  );
  return readByOthers ? 'read' : 'sent';
}

/** Messages from others after my own read marker. */
export function unreadCount(messages: readonly ChatMessage[], me: string, reads: Reads): number {
  const mine = reads[me] ?? 0;
  return messages.filter((message) => message.sender_id !== me && message.seq > mine).length;
}

/** The newest message from someone else, the one to mark as read. */
export function lastFromOthers(
  messages: readonly ChatMessage[],
  me: string,
): ChatMessage | undefined {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message !== undefined && message.sender_id !== me) return message;
  }
  return undefined;
}
