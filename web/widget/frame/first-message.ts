// A conversation starts with its first message: the ticket's title is the message's first line
// and its description the whole message, each cut to the ticket's limits. A message of files
// alone is named after them.
import { TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX } from '@/tickets/ticket-limits';

export function ticketFromFirstMessage(
  text: string,
  fileNames: readonly string[] = [],
): { title: string; description: string } {
  const content = text.trim() || fileNames.join(', ') || 'Conversation';
  const line = content.split('\n')[0]?.trim() ?? '';
  const title =
    line.length > TICKET_TITLE_MAX ? `${line.slice(0, TICKET_TITLE_MAX - 1).trimEnd()}…` : line;
  return { title, description: content.slice(0, TICKET_DESCRIPTION_MAX) };
}
