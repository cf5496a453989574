// Makes tickets and staff through the real routes, and reads what the API answers.
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { bearer, createUser, TestUser } from './users';
import type { TestApp } from '../support/test-app';
import type { components } from '../../clients/typescript/schema';

export const PROBLEM = /application\/problem\+json/;

type Schemas = components['schemas'];

// The contract's own types (generated from the served OpenAPI document), not copies of them.
export type TicketBody = Schemas['TicketResponse'];
export type PageBody = Schemas['TicketPageResponse'];
export type EventBody = Schemas['TicketEventResponse'];

export interface ProblemBody {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

type Target = Pick<TestApp, 'url'>;

export function ticketInput(overrides: Record<string, unknown> = {}) {
  return {
    title: `Printer on fire ${randomBytes(3).toString('hex')}`,
    description: 'It started after the last update.',
    category: 'hardware',
    type: 'incident',
    ...overrides,
  };
}

export async function createTicket(
  t: Target,
  user: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<TicketBody> {
  const response = await request(t.url)
    .post('/api/v1/users/tickets')
    .set(bearer(user.accessToken))
    .send(ticketInput(overrides))
    .expect(201);
  return response.body as TicketBody;
}

/** CSRs made one after another, so their (created_at, id) order is the order of the array. */
export async function createCsrs(t: Pick<TestApp, 'app' | 'url'>, n: number): Promise<TestUser[]> {
  const csrs: TestUser[] = [];
  for (let i = 0; i < n; i++) csrs.push(await createUser(t, 'csr', { fullName: `CSR ${i}` }));
  return csrs;
}

export async function csrPatch(
  t: Target,
  staff: TestUser,
  id: string,
  body: Record<string, unknown>,
  status = 200,
): Promise<request.Response> {
  return request(t.url)
    .patch(`/api/v1/csr/tickets/${id}`)
    .set(bearer(staff.accessToken))
    .send(body)
    .expect(status);
}

export async function assignTicket(
  t: Target,
  staff: TestUser,
  id: string,
  assigneeId: string,
): Promise<TicketBody> {
  const response = await request(t.url)
    .post(`/api/v1/csr/tickets/${id}/assign`)
    .set(bearer(staff.accessToken))
    .send({ assignee_id: assigneeId })
    .expect(200);
  return response.body as TicketBody;
}

export async function timeline(t: Target, staff: TestUser, id: string): Promise<EventBody[]> {
  const response = await request(t.url)
    .get(`/api/v1/csr/tickets/${id}/events`)
    .set(bearer(staff.accessToken))
    .expect(200);
  return response.body as EventBody[];
}

/** How many tickets each id holds, in the order of `ids`. */
export function countBy(tickets: TicketBody[], ids: string[]): number[] {
  return ids.map((id) => tickets.filter((ticket) => ticket.assigned_to_id === id).length);
}
