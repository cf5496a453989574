// B5: chat in ticket rooms, each with its owner and its CSR connected; every owner keeps a fixed
// number of messages in flight, sending the next as soon as one is acknowledged. Two shapes: 200
// rooms with one in flight per sender, and 50 rooms with four (the writer then batches and
// queues). The API stores each message before acking and broadcasting it; the baseline
// broadcasts without storing.
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

interface Shape {
  rooms: number;
  /** Messages each owner keeps in flight. */
  perSender: number;
}

interface Side {
  rate: number;
  /** The server process's CPU over its measured rounds ÷ the messages it answered, in µs. */
  cpuPerMessageUs: number;
  roundRates: number[];
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
  cpuMicros = 0;
  /** Every answer, recorded or not (warm-up, drain), and those inside the CPU-clocked spans. */
  answered = 0;
  cpuAnswers = 0;
  readonly roundRates: number[] = [];
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
    private readonly perSender: number,
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

  static async connect(
    server: BenchChild,
    rooms: Room[],
    tag: string,
    perSender: number,
  ): Promise<ChatLoad> {
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
    return new ChatLoad(server, pairs, tag, perSender);
  }

  /**
   * Runs the senders for `seconds`, then lets every message in flight be acknowledged. A recorded
   * run reads the server's CPU clock around all of it, drain included, and divides by every
   * message answered in that span (the drained ones are not in the rates, but were paid for).
   */
  async run(seconds: number, record: boolean): Promise<void> {
    const cpuBefore = record ? await this.server.cpuMicros() : 0;
    const answeredBefore = this.answered;
    const ackedBefore = this.acked;
    this.running = true;
    this.recording = record;
    for (const { owner, room } of this.pairs) {
      for (let i = 0; i < this.perSender; i++) this.send(owner, room.ticketId);
    }
    const started = performance.now();
    await sleep(seconds * 1000);
    const elapsed = (performance.now() - started) / 1000;
    this.recording = false;
    this.running = false;
    const ackedInRound = this.acked - ackedBefore;
    for (let waited = 0; this.inFlight > 0 && waited < 30_000; waited += 20) await sleep(20);
    if (record) {
      this.seconds += elapsed;
      this.roundRates.push(ackedInRound / elapsed);
      this.cpuMicros += (await this.server.cpuMicros()) - cpuBefore;
      this.cpuAnswers += this.answered - answeredBefore;
    }
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
      this.answered++;
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
  shape: Shape,
  ctx: BenchContext,
): Promise<[Side, Side]> {
  const loads: ChatLoad[] = [];
  const shown = rooms.slice(0, shape.rooms);
  try {
    for (const [index, server] of servers.entries()) {
      const tag = `${index === 0 ? 'api' : 'base'}-${shape.rooms}x${shape.perSender}`;
      loads.push(await ChatLoad.connect(server, shown, tag, shape.perSender));
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
        cpuPerMessageUs: load.cpuMicros / load.cpuAnswers,
        roundRates: load.roundRates,
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

/** The rows of one shape; `label` says which in every metric. */
function shapeRows(label: string, api: Side, base: Side, stored: number | undefined): ResultRow[] {
  const name = 'bare Socket.IO, no storage';
  const fmt = (values: number[]) =>
    `${Math.round(Math.min(...values)).toLocaleString('en-US')}–${Math.round(Math.max(...values)).toLocaleString('en-US')}`;
  const note = joinNotes(
    stored === undefined ? undefined : `${stored} messages stored`,
    `API rounds ${fmt(api.roundRates)}, baseline rounds ${fmt(base.roundRates)}`,
    api.failed > 0 ? `API error acks ${JSON.stringify(api.errors)}` : undefined,
    base.failed > 0 ? `baseline error acks ${JSON.stringify(base.errors)}` : undefined,
  );
  return [
    row(
      'B5',
      `msgs/s, ${label}`,
      'msgs/s',
      api.rate,
      base.rate,
      name,
      { on: 'ratio', op: '>=', value: 0.5 },
      note,
    ),
    row('B5', `ack p99, ${label}`, 'ms', api.ack.p99, base.ack.p99, name, {
      on: 'ratio',
      op: '<=',
      value: 2,
    }),
    row('B5', `ack p50, ${label}`, 'ms', api.ack.p50, base.ack.p50, name),
    row('B5', `send→receive p99, ${label}`, 'ms', api.delivery.p99, base.delivery.p99, name),
    row(
      'B5',
      `server CPU per message, ${label}`,
      'µs',
      api.cpuPerMessageUs,
      base.cpuPerMessageUs,
      name,
    ),
    row(
      'B5',
      `server event-loop delay p99, ${label}`,
      'ms',
      api.eventLoop.p99,
      base.eventLoop.p99,
      name,
    ),
  ];
}

export const b5Chat: Workload = {
  id: 'B5',
  name: 'chat',
  title:
    'chat: 200 rooms × 1 in flight, 50 rooms × 4 in flight, owner + CSR each, stored and broadcast',
  usesDatabase: true,
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const shapes: Shape[] = ctx.quick
      ? [
          { rooms: 20, perSender: 1 },
          { rooms: 10, perSender: 4 },
        ]
      : [
          { rooms: 200, perSender: 1 },
          { rooms: 50, perSender: 4 },
        ];
    const count = Math.max(...shapes.map((shape) => shape.rooms));
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
    const baseline = await ctx.baseline('b5-baseline', 'bench/baselines/socketio-broadcast.ts');
    const rows: ResultRow[] = [];
    for (const [index, shape] of shapes.entries()) {
      const label = `${shape.rooms} rooms × ${shape.perSender} in flight`;
      ctx.log(`B5: API and baseline, ${label}, ${ctx.phases.rounds} alternating rounds`);
      const [api, base] = await measure([ctx.api, baseline], rooms, shape, ctx);
      for (const [side, result] of [
        ['baseline', base],
        ['API', api],
      ] as const) {
        if (result.failed > 0) ctx.log(`B5: ${side} error acks: ${JSON.stringify(result.errors)}`);
      }
      // Stored over both shapes, so counted once, after the last.
      const last = index === shapes.length - 1;
      const stored = last
        ? await ctx.sql.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ticket_messages WHERE ticket_id = ANY($1::uuid[])`,
            [rooms.map((room) => room.ticketId)],
          )
        : undefined;
      rows.push(...shapeRows(label, api, base, stored?.rows[0]?.n));
    }
    return rows;
  },
};
