// The generated typed client (clients/typescript, from contract/openapi.json) against the real app:
// if the spec and the app disagree, this stops compiling or fails.
import { createApiClient } from '../clients/typescript';
import { connectChat, request } from '../clients/typescript/chat';
import { createUser, uniqueEmail } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

describe('Generated TypeScript client', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('signs up, logs in, opens and lists a ticket; a CSR assigns it and changes its status', async () => {
    const csr = await createUser(t, 'csr');
    let token: string | undefined;
    const api = createApiClient(t.url, () => token);

    const email = uniqueEmail('client');
    const signup = await api.POST('/api/v1/auth/signup', {
      body: { email, password: 'generated client pw', full_name: 'Client User' },
    });
    expect(signup.response.status).toBe(201);
    expect(signup.data?.role).toBe('user');

    const login = await api.POST('/api/v1/auth/login', {
      body: { email, password: 'generated client pw' },
    });
    expect(login.data?.token_type).toBe('bearer');
    token = login.data?.access_token;

    const created = await api.POST('/api/v1/users/tickets', {
      body: {
        title: 'Client ticket',
        description: 'Made by the generated client',
        category: 'Billing',
        type: 'Question',
      },
    });
    expect(created.response.status).toBe(201);
    const ticket = created.data;
    if (ticket === undefined) throw new Error('no ticket');
    expect(ticket.category).toBe('billing');
    expect(ticket.assigned_to_id).toBe(csr.id);

    const mine = await api.GET('/api/v1/users/tickets', {
      params: { query: { limit: 10, status: 'open' } },
    });
    expect(mine.data?.items.map((item) => item.id)).toContain(ticket.id);

    const missing = await api.GET('/api/v1/users/tickets/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.detail).toBe('Ticket not found');

    token = csr.accessToken;
    const other = await createUser(t, 'csr');
    const assigned = await api.POST('/api/v1/csr/tickets/{id}/assign', {
      params: { path: { id: ticket.id } },
      body: { assignee_id: other.id, priority: 'high' },
    });
    expect(assigned.data).toMatchObject({ assigned_to_id: other.id, priority: 'high' });

    const updated = await api.PATCH('/api/v1/csr/tickets/{id}', {
      params: { path: { id: ticket.id } },
      body: { status: 'resolved' },
    });
    expect(updated.data?.status).toBe('resolved');
    expect(updated.data?.resolved_at).not.toBeNull();

    const events = await api.GET('/api/v1/csr/tickets/{id}/events', {
      params: { path: { id: ticket.id } },
    });
    expect(events.data?.map((event) => event.kind)).toEqual([
      'created',
      'assigned',
      'assigned',
      'priority_changed',
      'status_changed',
    ]);
  });

  it('chats through the typed Socket.IO helper', async () => {
    // An admin may be in every ticket's room, whoever the ticket went to.
    const staff = await createUser(t, 'admin');
    const user = await createUser(t);
    const api = createApiClient(t.url, () => user.accessToken);
    const created = await api.POST('/api/v1/users/tickets', {
      body: {
        title: 'Chat',
        description: 'Over the widget helper',
        category: 'help',
        type: 'question',
      },
    });
    const ticket = created.data;
    if (ticket === undefined) throw new Error('no ticket');
    const widget = connectChat(t.url, user.accessToken);
    const agent = connectChat(t.url, staff.accessToken, ticket.id);
    try {
      const joined = await request(widget, 'join', { ticket_id: ticket.id });
      expect(joined.ok && joined.ticket.id).toBe(ticket.id);
      if (!agent.connected) {
        await new Promise((resolve, reject) => {
          agent.once('connect', () => resolve(undefined));
          agent.once('connect_error', reject);
        });
      }
      const received = new Promise<string>((resolve, reject) => {
        setTimeout(() => reject(new Error('no message')), 5000).unref();
        agent.on('message', (message) => resolve(message.content));
      });
      const sent = await request(widget, 'message', {
        ticket_id: ticket.id,
        content: 'Hello from the widget',
      });
      expect(sent.ok && sent.message.seq).toBe(1);
      expect(await received).toBe('Hello from the widget');
    } finally {
      widget.close();
      agent.close();
    }
  });
});
