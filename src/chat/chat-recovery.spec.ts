import { recheckRestoredRooms, replayMissedPackets } from '@/chat/chat-recovery';
import type { ChatSocket } from '@/chat/chat-socket';
import type { Role } from '@/users/user.entity';

const TICKET = '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d';
const OTHER = '9d2e4f6a-1b3c-4d5e-8f7a-6b5c4d3e2f1a';

function fakeSocket(role: Role, rooms: string[], missedPackets: unknown[][] = []) {
  const joined = new Set(rooms);
  const emitted: unknown[][] = [];
  const socket = {
    data: { actor: { id: 'u1', role }, missedPackets },
    rooms: joined,
    emit: (...args: unknown[]) => emitted.push(args),
    leave: (room: string) => {
      joined.delete(room);
      return Promise.resolve();
    },
  };
  return { socket: socket as unknown as ChatSocket, emitted, rooms: joined };
}

const note = (ticketId: string) => ['note', { ticket_id: ticketId, content: 'x' }, 'offset'];
const mention = ['mention', { ticket_id: TICKET, note: {} }, 'offset'];
const message = ['message', { ticket_id: TICKET, content: 'hi' }, 'offset'];

describe('replayMissedPackets', () => {
  it('replays a note only to a staff socket that still holds the staff room of its ticket', () => {
    const staff = fakeSocket(
      'csr',
      ['user:u1', `ticket:${TICKET}`, `staff-ticket:${TICKET}`],
      [note(TICKET), note(OTHER), message],
    );
    replayMissedPackets(staff.socket);
    expect(staff.emitted).toEqual([note(TICKET), message]);
  });

  it('never replays a note or a mention to a socket that is no longer staff', () => {
    const user = fakeSocket(
      'user',
      ['user:u1', `ticket:${TICKET}`, `staff-ticket:${TICKET}`],
      [note(TICKET), mention, message],
    );
    replayMissedPackets(user.socket);
    expect(user.emitted).toEqual([message]);
  });

  it('replays a mention to staff by their own room, whatever ticket rooms they hold', () => {
    const staff = fakeSocket('admin', ['user:u1'], [mention, message]);
    replayMissedPackets(staff.socket);
    expect(staff.emitted).toEqual([mention]);
  });
});

describe('recheckRestoredRooms', () => {
  const open = (allowed: string[]) => ({
    openTicket: (_actor: unknown, id: string) =>
      allowed.includes(id) ? Promise.resolve({} as never) : Promise.reject(new Error('nope')),
  });

  it('drops the staff rooms of a socket whose actor is no longer staff', async () => {
    const user = fakeSocket('user', [
      'user:u1',
      'staff',
      `ticket:${TICKET}`,
      `staff-ticket:${TICKET}`,
    ]);
    await recheckRestoredRooms(user.socket, open([TICKET]));
    expect([...user.rooms].sort()).toEqual([`ticket:${TICKET}`, 'user:u1']);
  });

  it('drops a staff room together with the ticket room the actor lost', async () => {
    const staff = fakeSocket('csr', [
      'user:u1',
      'staff',
      `staff-ticket:${OTHER}`,
      `ticket:${OTHER}`,
      `ticket:${TICKET}`,
      `staff-ticket:${TICKET}`,
    ]);
    await recheckRestoredRooms(staff.socket, open([TICKET]));
    expect([...staff.rooms].sort()).toEqual(
      ['staff', `staff-ticket:${TICKET}`, `ticket:${TICKET}`, 'user:u1'].sort(),
    );
  });
});
