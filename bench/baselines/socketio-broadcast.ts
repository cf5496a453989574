// Baseline of B5: a bare Socket.IO server on the same /chat namespace and events. A `message` is
// validated, numbered, broadcast to its ticket's room and acknowledged, with nothing stored.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { serveChild } from '../lib/child';
import { settings, verifyAccessToken } from './shared';

const s = settings();

interface SocketData {
  userId: string;
  role: string;
}

type Ack = (reply: object) => void;

const seqs = new Map<string, number>();

function bad(ack: unknown, detail: string): void {
  if (typeof ack === 'function') (ack as Ack)({ ok: false, error: { status: 400, detail } });
}

serveChild(async () => {
  const http = createServer();
  const io = new Server(http);
  const chat = io.of('/chat');
  // The handshake checks the token's signature and claims (no SQL: connecting is not measured).
  chat.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const claims = typeof token === 'string' ? verifyAccessToken(token, s) : null;
    if (claims === null) return next(new Error('Unauthorized'));
    (socket.data as SocketData) = {
      userId: claims.sub as string,
      role: typeof claims.role === 'string' ? claims.role : 'user',
    };
    next();
  });
  chat.on('connection', (socket) => {
    socket.on('join', (payload: { ticket_id?: unknown }, ack: unknown) => {
      if (typeof payload?.ticket_id !== 'string') return bad(ack, 'ticket_id must be a UUID');
      void socket.join(`ticket:${payload.ticket_id}`);
      if (typeof ack === 'function') (ack as Ack)({ ok: true });
    });
    socket.on(
      'message',
      (payload: { ticket_id?: unknown; content?: unknown; client_id?: unknown }, ack: unknown) => {
        const ticketId = payload?.ticket_id;
        const content = typeof payload?.content === 'string' ? payload.content.trim() : '';
        const clientId = payload?.client_id ?? null;
        if (typeof ticketId !== 'string') return bad(ack, 'ticket_id must be a UUID');
        if (content.length < 1 || content.length > 4000) return bad(ack, 'content length');
        if (clientId !== null && typeof clientId !== 'string') return bad(ack, 'client_id');
        const seq = (seqs.get(ticketId) ?? 0) + 1;
        seqs.set(ticketId, seq);
        const data = socket.data as SocketData;
        const message = {
          id: randomUUID(),
          ticket_id: ticketId,
          seq,
          sender_id: data.userId,
          sender_role: data.role,
          content,
          client_id: clientId,
          created_at: new Date().toISOString(),
        };
        chat.to(`ticket:${ticketId}`).emit('message', message);
        if (typeof ack === 'function') (ack as Ack)({ ok: true, message });
      },
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    close: async () => {
      io.disconnectSockets(true);
      await io.close();
    },
  };
});
