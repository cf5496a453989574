// A TCP proxy the fault tests hold the switch of: it forwards each connection to the next of its
// backends (round robin, skipping one that refuses), and can cut every connection and refuse new
// ones — a database or an instance gone from the network — and then come back on the same port.
import { connect, createServer, Server, Socket } from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private turn = 0;
  port = 0;
  /** Connections forwarded so far, per backend port. */
  readonly forwarded = new Map<number, number>();

  constructor(private readonly backends: Backend[]) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(port = 0): Promise<number> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : port;
    this.server = server;
    return this.port;
  }

  /** Drops every open connection and stops listening, so new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) =>
      server ? server.close(() => resolve()) : resolve(),
    );
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  /** Listens again on the same port. */
  async restore(): Promise<void> {
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private accept(client: Socket, attempt = 0): void {
    if (attempt === 0) {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => client.destroy());
      client.pause();
    }
    if (attempt >= this.backends.length) {
      client.destroy();
      return;
    }
    const backend = this.backends[this.turn++ % this.backends.length] as Backend;
    const upstream = connect(backend.port, backend.host);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      if (client.destroyed) {
        upstream.destroy();
        return;
      }
      this.sockets.add(upstream);
      this.forwarded.set(backend.port, (this.forwarded.get(backend.port) ?? 0) + 1);
      upstream.setNoDelay(true);
      client.setNoDelay(true);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      if (connected) client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('error', () => {
      // A backend that refuses is skipped; one that fails mid-stream takes its client down.
      if (!connected && !client.destroyed) this.accept(client, attempt + 1);
      upstream.destroy();
    });
  }
}
