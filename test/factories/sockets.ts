// socket.io-client helpers: connect to /chat, emit with an ack, wait for a server event.
import { io, Socket } from 'socket.io-client';

export interface ConnectOptions {
  token?: string;
  /** Where to put the token: the auth payload (default), the header, or the query string. */
  via?: 'auth' | 'header' | 'query';
  query?: Record<string, string>;
  transports?: ('websocket' | 'polling')[];
}

export function chatClient(url: string, options: ConnectOptions = {}): Socket {
  const { token, via = 'auth', query = {}, transports = ['websocket'] } = options;
  return io(`${url}/chat`, {
    transports,
    reconnection: false,
    forceNew: true,
    auth: token !== undefined && via === 'auth' ? { token } : {},
    extraHeaders:
      token !== undefined && via === 'header' ? { Authorization: `Bearer ${token}` } : {},
    query: token !== undefined && via === 'query' ? { ...query, token } : query,
  });
}

/** Connects, resolving with the socket, or rejecting with the connect_error message. */
export function connectChat(url: string, options: ConnectOptions = {}): Promise<Socket> {
  const socket = chatClient(url, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => {
      socket.close();
      reject(error);
    });
  });
}

export async function connectError(url: string, options: ConnectOptions = {}): Promise<string> {
  try {
    const socket = await connectChat(url, options);
    socket.close();
    return 'connected';
  } catch (error) {
    return (error as Error).message;
  }
}

export interface AckBody {
  ok: boolean;
  error?: { status: number; detail: string; errors?: { field: string; message: string }[] };
  [key: string]: unknown;
}

export function ack(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs = 10_000,
): Promise<AckBody> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<AckBody>;
}

/** The next `event` whose payload passes `match`, or a rejection after `timeoutMs`. */
export function nextEvent<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  match: (payload: T) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Collects every `event` payload from now on. */
export function collect<T = Record<string, unknown>>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

/**
 * Proof that an event did not come, without a timer: `send` causes an allowed event that the
 * server sends `socket` after anything it sent before, and this resolves once that sentinel is
 * in. Whatever `collect` has gathered by then is all that came before it.
 */
export async function sentinel<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  match: (payload: T) => boolean,
  send: () => Promise<unknown>,
): Promise<T> {
  const arrived = nextEvent<T>(socket, event, match);
  await send();
  return arrived;
}

export function waitForDisconnect(socket: Socket, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!socket.connected) return resolve('already disconnected');
    const timer = setTimeout(() => reject(new Error('still connected')), timeoutMs);
    socket.once('disconnect', (reason: string) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
