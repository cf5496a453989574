// Writes and reads internal notes through the staff routes (the socket path is `ack` in ./sockets).
import request from 'supertest';
import { bearer, TestUser } from './users';
import type { TestApp } from '../support/test-app';
import type { NotePageResponse, NoteResponse } from '@/notes/note.response';

// The server's own wire classes (the generated client schema gains them at the next export).
export type NoteBody = NoteResponse;
export type NotePageBody = NotePageResponse;

export interface NoteInput {
  content: string;
  client_id?: string;
  mentions?: string[];
}

/** POST /csr/tickets/{id}/notes as `user`, expecting `status`; the answer's body. */
export async function postNote(
  t: Pick<TestApp, 'url'>,
  user: TestUser,
  ticketId: string,
  body: string | NoteInput,
  status = 201,
): Promise<NoteBody> {
  const response = await request(t.url)
    .post(`/api/v1/csr/tickets/${ticketId}/notes`)
    .set(bearer(user.accessToken))
    .send(typeof body === 'string' ? { content: body } : body)
    .expect(status);
  return response.body as NoteBody;
}

/** GET /csr/tickets/{id}/notes as `user` with `query`, expecting 200. */
export async function listNotes(
  t: Pick<TestApp, 'url'>,
  user: TestUser,
  ticketId: string,
  query: Record<string, string | number> = {},
): Promise<NotePageBody> {
  const response = await request(t.url)
    .get(`/api/v1/csr/tickets/${ticketId}/notes`)
    .query(query)
    .set(bearer(user.accessToken))
    .expect(200);
  return response.body as NotePageBody;
}
