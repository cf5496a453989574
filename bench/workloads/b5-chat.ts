// B5: chat in 200 ticket rooms, each with its owner and its CSR connected; every owner sends a
// message, waits for the ack, sends the next. The API stores each message before acking and
// broadcasting it; the baseline broadcasts without storing.
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import type { EventLoopDelay } from '../lib/child';
import type { BenchContext, Workload } from '../lib/context';
import { joinNotes } from '../lib/http-load';
import type { BenchChild } from '../lib/processes';
import { row, ResultRow } from '../lib/report';
import { BenchUser, createTickets, createUsers } from '../lib/seed';
import { AckReply, connectChat, emitWithAck, inBatches } from '../lib/sockets';
import { LatencySummary, sleep, summarize } from '../lib/stats';

interface Room {
  ticketId: string;
  owner: BenchUser;
  csr: BenchUser;
}

interface Side {
  rate: number;
  acked: number;
  failed: number;
  ack: LatencySummary;
  delivery: LatencySummary;
  eventLoop: EventLoopDelay;
  errors: Record<string, number>;
}

async function measure(server: BenchChild, rooms: Room[], tag: string, ctx: BenchContext) {
  const pairs = await inBatches(rooms.length, 50, async (index) => {
    const room = rooms[index]!;
    const owner = await connectChat(server.url, room.owner.token);
    const csr = await connectChat(server.url, room.csr.token);
    for (const socket of [owner, csr]) {
      const reply = await emitWithAck(socket, 'join', { ticket_id: room.ticketId });
      if (!reply.ok) throw new Error(`${server.name}: join failed: ${JSON.stringify(reply.error)}`);
    }
    return { room, owner, csr };
  });
  const sentAt = new Map<string, number>();
  const ackTimes: number[] = [];
  const deliveryTimes: number[] = [];
  const errors: Record<string, number> = {};
  let recording = false;
  let running = true;
  let acked = 0;
  let failed = 0;
  let inFlight = 0;

  const send = (owner: Socket, ticketId: string, index: number, n: number) => {
    if (!running) return;
    const clientId = `${tag}-${index}-${n}`;
    const start = performance.now();
    sentAt.set(clientId, start);
    inFlight++;
    owner
      .timeout(30_000)
      .emit(
        'message',
        { ticket_id: ticketId, content: `Message ${n} about the printer`, client_id: clientId },
        (error: Error | null, reply: AckReply) => {
          inFlight--;
          if (error !== null || !reply.ok) {
            const key = error !== null ? error.message : String(reply.error?.status);
            errors[key] = (errors[key] ?? 0) + 1;
            if (recording) failed++;
            sentAt.delete(clientId);
          } else if (recording) {
            acked++;
            ackTimes.push(performance.now() - start);
          }
          send(owner, ticketId, index, n + 1);
        },
      );
  };
  for (const { csr } of pairs) {
    csr.on('message', (message: { client_id?: string }) => {
      const start = message.client_id === undefined ? undefined : sentAt.get(message.client_id);
      if (start === undefined) return;
      sentAt.delete(message.client_id!);
      if (recording) deliveryTimes.push(performance.now() - start);
    });
  }
  pairs.forEach(({ owner, room }, index) => send(owner, room.ticketId, index, 1));
  await sleep(ctx.phases.warmup * 1000);
  await server.eventLoopStart();
  recording = true;
  const started = performance.now();
  await sleep(ctx.phases.measure * 1000);
  recording = false;
  const seconds = (performance.now() - started) / 1000;
  const eventLoop = await server.eventLoopRead();
  running = false;
  for (let waited = 0; inFlight > 0 && waited < 30_000; waited += 50) await sleep(50);
  for (const { owner, csr } of pairs) {
    owner.close();
    csr.close();
  }
  if (acked === 0) throw new Error(`${server.name}: no message was acknowledged`);
  const side: Side = {
    rate: acked / seconds,
    acked,
    failed,
    ack: summarize(ackTimes),
    delivery: summarize(deliveryTimes),
    eventLoop,
    errors,
  };
  return side;
}

export const b5Chat: Workload = {
  id: 'B5',
  name: 'chat',
  title: 'chat: 200 rooms × (owner + CSR), owners send with ack, stored and broadcast',
  usesDatabase: true,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const count = ctx.quick ? 20 : 200;
    const owners = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b5-owner',
      count,
      role: 'user',
      rounds: ctx.bcryptRounds,
    });
    const csrs = await createUsers(ctx.sql, ctx.jwt, {
      prefix: 'b5-csr',
      count,
      role: 'csr',
      rounds: ctx.bcryptRounds,
    });
    // Owner i and CSR i share ticket i.
    await createTickets(ctx.sql, {
      count,
      owners: owners.map((user) => user.id),
      assignees: csrs.map((user) => user.id),
    });
    const tickets = await ctx.sql.query<{ id: string; user_id: string }>(
      `SELECT id, user_id FROM tickets WHERE user_id = ANY($1::uuid[])`,
      [owners.map((user) => user.id)],
    );
    const byOwner = new Map(tickets.rows.map((ticket) => [ticket.user_id, ticket.id]));
    const rooms: Room[] = owners.map((owner, index) => ({
      ticketId: byOwner.get(owner.id)!,
      owner,
      csr: csrs[index]!,
    }));
    const name = 'bare Socket.IO, no storage';
    const baseline = await ctx.baseline('b5-baseline', 'bench/baselines/socketio-broadcast.ts');
    ctx.log(`B5: baseline (${count} rooms)`);
    const base = await measure(baseline, rooms, 'base', ctx);
    ctx.log(`B5: API (${count} rooms)`);
    const api = await measure(ctx.api, rooms, 'api', ctx);
    const stored = await ctx.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ticket_messages WHERE ticket_id = ANY($1::uuid[])`,
      [rooms.map((room) => room.ticketId)],
    );
    for (const [label, side] of [
      ['baseline', base],
      ['API', api],
    ] as const) {
      if (side.failed > 0) ctx.log(`B5: ${label} error acks: ${JSON.stringify(side.errors)}`);
    }
    const note = joinNotes(
      `${stored.rows[0]?.n ?? 0} messages stored`,
      api.failed > 0 ? `API error acks ${JSON.stringify(api.errors)}` : undefined,
      base.failed > 0 ? `baseline error acks ${JSON.stringify(base.errors)}` : undefined,
    );
    return [
      row(
        'B5',
        'msgs/s',
        'msgs/s',
        api.rate,
        base.rate,
        name,
        { on: 'ratio', op: '>=', value: 0.5 },
        note,
      ),
      row('B5', 'ack p99', 'ms', api.ack.p99, base.ack.p99, name, {
        on: 'ratio',
        op: '<=',
        value: 2,
      }),
      row('B5', 'ack p50', 'ms', api.ack.p50, base.ack.p50, name),
      row('B5', 'send→receive p99', 'ms', api.delivery.p99, base.delivery.p99, name),
      row('B5', 'server event-loop delay p99', 'ms', api.eventLoop.p99, base.eventLoop.p99, name),
    ];
  },
};
