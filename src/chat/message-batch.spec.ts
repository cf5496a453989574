import { Message } from '@/chat/message.entity';
import { planBatch, SendRequest, takeBatch, TicketState } from '@/chat/message-batch';
import { TicketClosed, TicketNotFound } from '@/tickets/ticket.errors';

const owner = { id: 'u1', role: 'user' as const };
const csr = { id: 'c1', role: 'csr' as const };
const stranger = { id: 'u2', role: 'user' as const };

const ticket = (overrides: Partial<TicketState> = {}): TicketState => ({
  id: 't1',
  userId: 'u1',
  assignedToId: 'c1',
  watcherIds: [],
  status: 'open',
  firstResponseAt: null,
  ...overrides,
});

const send = (
  actor: SendRequest['actor'],
  content: string,
  clientId: string | null = null,
  ticketId = 't1',
): SendRequest => ({
  actor,
  ticketId,
  content,
  clientId,
});

describe('planBatch', () => {
  it('inserts in order and refuses strangers and unknown tickets as not found', () => {
    const plan = planBatch(
      [send(owner, 'a'), send(stranger, 'b'), send(csr, 'c'), send(owner, 'd', null, 'nope')],
      [ticket()],
      [],
    );
    expect(plan.decisions.map((d) => d.kind)).toEqual(['insert', 'refuse', 'insert', 'refuse']);
    expect(plan.inserts.map((m) => m.content)).toEqual(['a', 'c']);
    expect(plan.decisions[1]).toMatchObject({ error: expect.any(TicketNotFound) });
  });

  it('answers a stored client_id with the stored message and a repeat within the batch with the first', () => {
    const stored = Object.assign(new Message(), {
      id: 'm1',
      ticketId: 't1',
      senderId: 'u1',
      clientId: 'k1',
    });
    const plan = planBatch(
      [
        send(owner, 'x', 'k1'),
        send(owner, 'y', 'k2'),
        send(owner, 'y', 'k2'),
        send(csr, 'z', 'k2'),
      ],
      [ticket()],
      [stored],
    );
    expect(plan.decisions).toEqual([
      { kind: 'existing', message: stored },
      { kind: 'insert', slot: 0 },
      { kind: 'repeat', of: 1 },
      // Another sender's k2 is another message.
      { kind: 'insert', slot: 1 },
    ]);
  });

  it('refuses a closed ticket but still answers a resend of a stored message', () => {
    const stored = Object.assign(new Message(), {
      id: 'm1',
      ticketId: 't1',
      senderId: 'u1',
      clientId: 'k1',
    });
    const plan = planBatch(
      [send(owner, 'x', 'k1'), send(owner, 'new')],
      [ticket({ status: 'closed' })],
      [stored],
    );
    expect(plan.decisions[0]).toEqual({ kind: 'existing', message: stored });
    expect(plan.decisions[1]).toMatchObject({ kind: 'refuse', error: expect.any(TicketClosed) });
  });

  it('reopens a resolved ticket once, on the owner’s first message', () => {
    const plan = planBatch(
      [send(csr, 'hi'), send(owner, 'still broken'), send(owner, 'really')],
      [ticket({ status: 'resolved' })],
      [],
    );
    expect(plan.reopen).toEqual([{ ticketId: 't1', actorId: 'u1' }]);
  });

  it('records the first staff reply once, and never for the owner', () => {
    expect(
      planBatch([send(owner, 'a'), send(csr, 'b'), send(csr, 'c')], [ticket()], []).firstResponse,
    ).toEqual(['t1']);
    expect(
      planBatch([send(csr, 'b')], [ticket({ firstResponseAt: new Date() })], []).firstResponse,
    ).toEqual([]);
    expect(planBatch([send(owner, 'a')], [ticket()], []).firstResponse).toEqual([]);
  });
});

describe('takeBatch', () => {
  const item = (ticketId: string, n: number) => ({ ticketId, n });

  it('takes the oldest sends up to the limit and leaves the rest in order', () => {
    const queue = [item('a', 1), item('b', 2), item('c', 3)];
    expect(takeBatch(queue, new Set(), 2)).toEqual([item('a', 1), item('b', 2)]);
    expect(queue).toEqual([item('c', 3)]);
  });

  it('skips tickets a batch in flight holds', () => {
    const queue = [item('a', 1), item('b', 2), item('a', 3)];
    expect(takeBatch(queue, new Set(['a']), 10)).toEqual([item('b', 2)]);
    expect(queue).toEqual([item('a', 1), item('a', 3)]);
  });

  it('never lets a later send of a ticket overtake one left behind by the limit', () => {
    const queue = [item('a', 1), item('b', 2), item('b', 3), item('a', 4), item('c', 5)];
    // Over the limit from b:2 on; in the next batch b:3 may only follow b:2, never pass it.
    expect(takeBatch(queue, new Set(), 1)).toEqual([item('a', 1)]);
    expect(queue).toEqual([item('b', 2), item('b', 3), item('a', 4), item('c', 5)]);
    const next = takeBatch(queue, new Set(['a']), 2);
    expect(next).toEqual([item('b', 2), item('b', 3)]);
    expect(queue).toEqual([item('a', 4), item('c', 5)]);
  });

  it('takes every send of one ticket together when the limit allows', () => {
    const sends = [item('a', 1), item('a', 2), item('a', 3)];
    const queue = [...sends];
    expect(takeBatch(queue, new Set(), 10)).toEqual(sends);
    expect(queue).toEqual([]);
  });
});
