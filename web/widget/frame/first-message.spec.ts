import { TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX } from '@/tickets/ticket-limits';
import { ticketFromFirstMessage } from '@web/widget/frame/first-message';

describe('ticketFromFirstMessage', () => {
  it('takes the first line as the title and the whole message as the description', () => {
    expect(
      ticketFromFirstMessage('  My printer is on fire \nIt started after the update.'),
    ).toEqual({
      title: 'My printer is on fire',
      description: 'My printer is on fire \nIt started after the update.',
    });
  });

  it('cuts a long first line to the title limit, ending in an ellipsis', () => {
    const { title } = ticketFromFirstMessage('a'.repeat(TICKET_TITLE_MAX + 50));
    expect(title).toHaveLength(TICKET_TITLE_MAX);
    expect(title.endsWith('…')).toBe(true);
  });

  it('keeps the description within its limit', () => {
    const { description } = ticketFromFirstMessage(`x\n${'y'.repeat(TICKET_DESCRIPTION_MAX)}`);
    expect(description).toHaveLength(TICKET_DESCRIPTION_MAX);
  });

  it('names a message of files alone after the files', () => {
    expect(ticketFromFirstMessage('  ', ['error-light.png', 'log.txt'])).toEqual({
      title: 'error-light.png, log.txt',
      description: 'error-light.png, log.txt',
    });
  });
});
