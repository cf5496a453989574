// Routing helpers: agents as GET /csr/agents reports them, heartbeats, staff settings, polling.
import request from 'supertest';
import { bearer, TestUser } from './users';
import type { TestApp } from '../support/test-app';

export interface AgentBody {
  id: string;
  full_name: string;
  role: string;
  availability: 'online' | 'away' | 'offline';
  presence: 'online' | 'away' | 'offline';
  connected: boolean;
  last_seen_at: string | null;
  load: number;
  capacity: number | null;
  categories: string[];
}

type Target = Pick<TestApp, 'url'>;

export async function agents(t: Target, staff: TestUser): Promise<AgentBody[]> {
  const response = await request(t.url)
    .get('/api/v1/csr/agents')
    .set(bearer(staff.accessToken))
    .expect(200);
  return (response.body as { items: AgentBody[] }).items;
}

export async function agentOf(t: Target, staff: TestUser, id: string): Promise<AgentBody> {
  const found = (await agents(t, staff)).find((agent) => agent.id === id);
  if (found === undefined) throw new Error(`agent ${id} not listed`);
  return found;
}

export async function heartbeat(
  t: Target,
  staff: TestUser,
  availability: string,
  status = 200,
): Promise<request.Response> {
  return request(t.url)
    .put('/api/v1/csr/me/presence')
    .set(bearer(staff.accessToken))
    .send({ availability })
    .expect(status);
}

export async function setRouting(
  t: Target,
  admin: TestUser,
  userId: string,
  body: { max_open_tickets?: number | null; categories?: string[] },
  status = 200,
): Promise<request.Response> {
  return request(t.url)
    .patch(`/api/v1/admin/users/${userId}`)
    .set(bearer(admin.accessToken))
    .send(body)
    .expect(status);
}

/** Polls `probe` until it returns a value `done` accepts, or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}
