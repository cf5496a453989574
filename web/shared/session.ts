// A signed-in session in the browser: the token pair in localStorage (the widget frame's own,
// partitioned by the host site; the console's), refreshed shortly before the access token
// expires. Tabs share it: a refresh runs under a Web Lock and re-reads storage first, so two
// tabs never rotate one refresh token twice (the server would take that as reuse and revoke it).
import type { components } from '@clients/typescript';

export type TokenPair = components['schemas']['TokenPairResponse'];

export interface StoredSession {
  access_token: string;
  refresh_token: string;
  /** Epoch ms when the access token expires. */
  expires_at: number;
  /** What the client wants to remember with it (the widget: guest or which identity). */
  meta: Record<string, string>;
}

/** Refresh this long before the access token expires, so a request never carries a dead one. */
const REFRESH_MARGIN_MS = 30_000;

export class Session {
  private refreshing: Promise<boolean> | undefined;
  private readonly listeners = new Set<(signedIn: boolean) => void>();

  constructor(
    private readonly storageKey: string,
    private readonly origin: string,
    private readonly storage: Storage = localStorage,
  ) {
    window.addEventListener('storage', (event) => {
      if (event.key === this.storageKey) this.emit();
    });
  }

  get current(): StoredSession | undefined {
    const raw = this.storage.getItem(this.storageKey);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as StoredSession;
    } catch {
      return undefined;
    }
  }

  get signedIn(): boolean {
    return this.current !== undefined;
  }

  onChange(listener: (signedIn: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  store(pair: TokenPair, meta: Record<string, string> = {}): void {
    const session: StoredSession = {
      access_token: pair.access_token,
      refresh_token: pair.refresh_token,
      expires_at: Date.now() + pair.expires_in * 1000,
      meta,
    };
    this.storage.setItem(this.storageKey, JSON.stringify(session));
    this.emit();
  }

  clear(): void {
    if (this.storage.getItem(this.storageKey) === null) return;
    this.storage.removeItem(this.storageKey);
    this.emit();
  }

  /** A live access token (refreshed when close to expiry), or undefined when signed out. */
  async accessToken(): Promise<string | undefined> {
    const session = this.current;
    if (session === undefined) return undefined;
    if (session.expires_at - REFRESH_MARGIN_MS > Date.now()) return session.access_token;
    return (await this.refresh()) ? this.current?.access_token : undefined;
  }

  /**
   * Rotates the refresh token. `rejected` is the access token the server just refused: when
   * another tab has replaced it meanwhile, that one is used instead of refreshing again.
   * Resolves false (and signs out) when the session is over.
   */
  refresh(rejected?: string): Promise<boolean> {
    this.refreshing ??= this.withLock(() => this.rotate(rejected)).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async rotate(rejected: string | undefined): Promise<boolean> {
    const session = this.current;
    if (session === undefined) return false;
    const fresh = session.expires_at - REFRESH_MARGIN_MS > Date.now();
    if (fresh && session.access_token !== rejected) return true;
    let response: Response;
    try {
      response = await fetch(`${this.origin}/api/v1/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: session.refresh_token }),
      });
    } catch {
      // Offline: keep the session; the next attempt refreshes.
      return false;
    }
    if (response.status === 401 || response.status === 400) {
      this.clear();
      return false;
    }
    if (!response.ok) return false;
    this.store((await response.json()) as TokenPair, session.meta);
    return true;
  }

  private withLock<T>(task: () => Promise<T>): Promise<T> {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (locks === undefined) return task();
    return locks.request(`session:${this.storageKey}`, task) as Promise<T>;
  }

  private emit(): void {
    const signedIn = this.signedIn;
    for (const listener of this.listeners) listener(signedIn);
  }
}
