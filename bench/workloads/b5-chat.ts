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
import { alternate } from '../lib/rounds';
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

/**
 * One server's rooms, connected and joined: every owner socket sends, waits for its ack and sends
 * again while running; the CSR socket of the room times the broadcast's arrival.
 */
class ChatLoad {
  recording = false;
  acked = 0;
  failed = 0;
  seconds = 0;
  readonly ackTimes: number[] = [];
  readonly deliveryTimes: number[] = [];
  readonly errors: Record<string, number> = {};
  private running = false;
  private inFlight = 0;
  private sent = 0;
  private readonly sentAt = new Map<string, number>();

  private constructor(
    readonly server: BenchChild,
    private readonly pairs: { room: Room; owner: Socket; csr: Socket }[],
    private readonly tag: string,
  ) {
    for (const { csr } of pairs) {
      csr.on('message', (message: { client_id?: string }) => {
        const id = message.client_id;
        const start = id === undefined ? undefined : this.sentAt.get(id);
        if (start === undefined) return;
        this.sentAt.delete(id!);
        if (this.recording) this.deliveryTimes.push(performance.now() - start);
      });
    }
  }

  static async connect(server: BenchChild, rooms: Room[], tag: string): Promise<ChatLoad> {
    const pairs = await inBatches(rooms.length, 50, async (index) => {
      const room = rooms[index]!;
      const owner = await connectChat(server.url, room.owner.token);
      const csr = await connectChat(server.url, room.csr.token);
      for (const socket of [owner, csr]) {
        const reply = await emitWithAck(socket, 'join', { ticket_id: room.ticketId });
        if (!reply.ok) {
          throw new Error(`${server.name}: join failed: ${JSON.stringify(reply.error)}`);
        }
      }
      return { room, owner, csr };
    });
    return new ChatLoad(server, pairs, tag);
  }

  /** Runs the senders for `seconds`, then lets every message in flight be acknowledged. */
  async run(seconds: number, record: boolean): Promise<void> {
    this.running = true;
    this.recording = record;
    for (const { owner, room } of this.pairs) this.send(owner, room.ticketId);
    const started = performance.now();
    await sleep(seconds * 1000);
    this.recording = false;
    if (record) this.seconds += (performance.now() - started) / 1000;
    this.running = false;
    for (let waited = 0; this.inFlight > 0 && waited < 30_000; waited += 20) await sleep(20);
  }

  close(): void {
    for (const { owner, csr } of this.pairs) {
      owner.close();
      csr.close();
    }
  }

  private send(owner: Socket, ticketId: string): void {
    if (!this.running) return;
    const clientId = `${this.tag}-${++this.sent}`;
    const start = performance.now();
    this.sentAt.set(clientId, start);
    this.inFlight++;
    const payload = {
      ticket_id: ticketId,
      content: `Message ${this.sent} about the printer`,
      client_id: clientId,
    };
    owner.timeout(30_000).emit('message', payload, (error: Error | null, reply: AckReply) => {
      this.inFlight--;
      if (error !== null || !reply.ok) {
        const key = error !== null ? error.message : String(reply.error?.status);
        this.errors[key] = (this.errors[key] ?? 0) + 1;
        if (this.recording) this.failed++;
        this.sentAt.delete(clientId);
      } else if (this.recording) {
        this.acked++;
        this.ackTimes.push(performance.now() - start);
      }
      this.send(owner, ticketId);
    });
  }
}

async function measure(
  servers: [BenchChild, BenchChild],
  rooms: Room[],
  ctx: BenchContext,
): Promise<[Side, Side]> {
  const loads: ChatLoad[] = [];
  try {
    for (const [index, server] of servers.entries()) {
      loads.push(await ChatLoad.connect(server, rooms, `${index === 0 ? 'api' : 'base'}`));
    }
    for (const load of loads) {
      await load.run(ctx.phases.warmup, false);
      await load.server.eventLoopReset();
    }
    await alternate(loads.length, ctx.phases.rounds, async (index) => {
      const load = loads[index]!;
      await load.server.eventLoopResume();
      await load.run(ctx.phases.roundSeconds, true);
      await load.server.eventLoopPause();
    });
    const sides: Side[] = [];
    for (const load of loads) {
      if (load.acked === 0) throw new Error(`${load.server.name}: no message was acknowledged`);
      sides.push({
        rate: load.acked / load.seconds,
        acked: load.acked,
        failed: load.failed,
        ack: summarize(load.ackTimes),
        delivery: summarize(load.deliveryTimes),
        eventLoop: await load.server.eventLoopRead(),
        errors: load.errors,
      });
    }
    return [sides[0]!, sides[1]!];
  } finally {
    for (const load of loads) load.close();
  }
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
    // They chat and take no new work: a backlog left by B3 must not drain into them mid-run.
    await ctx.sql.query(
      `INSERT INTO agent_profiles (user_id, availability) SELECT unnest($1::uuid[]), 'away'`,
      [csrs.map((user) => user.id)],
    );
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
    ctx.log(`B5: API and baseline, ${count} rooms each, ${ctx.phases.rounds} alternating rounds`);
    const [api, base] = await measure([ctx.api, baseline], rooms, ctx);
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
