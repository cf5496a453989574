// socket.io-client and ws clients for the socket workloads, connected in batches.
import { io, Socket } from 'socket.io-client';
import WebSocket from 'ws';

export function connectChat(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}/chat`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => {
      socket.close();
      reject(new Error(`connect_error: ${error.message}`));
    });
  });
}

export interface AckReply {
  ok: boolean;
  error?: { status: number; detail: string };
  [key: string]: unknown;
}

export function emitWithAck(socket: Socket, event: string, payload: unknown): Promise<AckReply> {
  return socket.timeout(30_000).emitWithAck(event, payload) as Promise<AckReply>;
}

export function connectWs(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Runs `make` for 0..n-1, at most `batch` at a time. */
export async function inBatches<T>(
  n: number,
  batch: number,
  make: (index: number) => Promise<T>,
): Promise<T[]> {
  const made: T[] = [];
  for (let from = 0; from < n; from += batch) {
    const indexes = Array.from({ length: Math.min(batch, n - from) }, (_, i) => from + i);
    made.push(...(await Promise.all(indexes.map(make))));
  }
  return made;
}
