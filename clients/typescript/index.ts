// A typed client for the REST API, generated from contract/openapi.json by openapi-typescript
// (`npm run openapi:export` regenerates schema.ts). Use: createApiClient('http://localhost:3000').
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
export type Ticket = components['schemas']['TicketResponse'];
export type Message = components['schemas']['MessageResponse'];
export type User = components['schemas']['UserResponse'];
export type Problem = components['schemas']['ProblemSchema'];
export type Note = components['schemas']['NoteResponse'];
export type Attachment = components['schemas']['AttachmentResponse'];
export type CannedResponse = components['schemas']['CannedResponseResponse'];
export type Satisfaction = components['schemas']['SatisfactionResponse'];
export type SatisfactionReport = components['schemas']['SatisfactionReportResponse'];
export type Agent = components['schemas']['AgentResponse'];
export type SlaPolicy = components['schemas']['SlaPolicyResponse'];
export type Sla = components['schemas']['SlaResponse'];
export type SummaryReport = components['schemas']['SummaryReportResponse'];
export type AgentsReport = components['schemas']['AgentsReportResponse'];

/** A client whose requests carry `Authorization: Bearer <token>` while `getToken` returns one. */
export function createApiClient(
  baseUrl: string,
  getToken: () => string | undefined = () => undefined,
) {
  const client = createClient<paths>({ baseUrl });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = getToken();
      if (token !== undefined) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}
