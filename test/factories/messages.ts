// Sends chat messages through the HTTP route (the socket path has `ack` in ./sockets).
import request from 'supertest';
import type { components } from '../../clients/typescript/schema';
import { bearer, TestUser } from './users';
import type { TestApp } from '../support/test-app';

export type MessageBody = components['schemas']['MessageResponse'];

/** POST /tickets/{id}/messages as `user`, expecting `status`; the stored message on 201. */
export async function postMessage(
  t: Pick<TestApp, 'url'>,
  user: TestUser,
  ticketId: string,
  body: string | { content: string; client_id?: string },
  status = 201,
): Promise<MessageBody> {
  const response = await request(t.url)
    .post(`/api/v1/tickets/${ticketId}/messages`)
    .set(bearer(user.accessToken))
    .send(typeof body === 'string' ? { content: body } : body)
    .expect(status);
  return response.body as MessageBody;
}
