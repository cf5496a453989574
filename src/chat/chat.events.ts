// Domain events of the chat module (published after commit; the gateway broadcasts them).
import type { MessageResponse } from '@/chat/message.response';

export const MESSAGE_CREATED = 'chat.message_created';

export interface MessageCreatedEvent {
  message: MessageResponse;
}
