// Internal notes, beside the conversation and unmistakably apart from it: staff only, never sent
// to the customer (they are their own route family and socket room on the server).
import type { Note } from '@clients/typescript';
import type { ChatTicket } from '@clients/typescript/chat';
import { problemText } from '@web/shared/api';
import { formatDateTime } from '@web/shared/format';
import type { ConsoleStore } from '@web/console/store';
import { ReplyBox } from '@web/console/views/reply-box';
import { useEffect, useState } from 'preact/hooks';

const PAGE = 100;

export function NotesPane({ store, ticket }: { store: ConsoleStore; ticket: ChatTicket }) {
  const [notes, setNotes] = useState<Note[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);

  const add = (incoming: Note[]) =>
    setNotes((known) => {
      const ids = new Set(known.map((note) => note.id));
      const fresh = incoming.filter((note) => !ids.has(note.id));
      return fresh.length === 0 ? known : [...known, ...fresh].sort((a, b) => a.seq - b.seq);
    });

  useEffect(() => {
    let live = true;
    const load = async () => {
      let cursor: string | undefined;
      do {
        const { data } = await store.api.GET('/api/v1/csr/tickets/{id}/notes', {
          params: {
            path: { id: ticket.id },
            query: cursor === undefined ? { limit: PAGE } : { limit: PAGE, cursor },
          },
        });
        if (!live || data === undefined) return;
        add(data.items);
        cursor = data.next_cursor ?? undefined;
      } while (cursor !== undefined);
    };
    void load();
    const socket = store.chat?.socket;
    const onNote = (note: Note) => {
      if (note.ticket_id === ticket.id) add([note]);
    };
    socket?.on('note', onNote);
    return () => {
      live = false;
      socket?.off('note', onNote);
    };
  }, [store, ticket.id]);

  return (
    <section class="pane pane--notes" aria-labelledby="notes-title">
      <h2 id="notes-title">
        Internal notes <span class="pill pill--note">Staff only</span>
      </h2>
      <p class="muted small">The customer never sees these.</p>
      <div class="pane__log" role="log" aria-label="Internal notes" tabIndex={0}>
        {notes.length === 0 && <p class="muted">No notes yet.</p>}
        {notes.map((note) => (
          <div key={note.id} class="note" data-note-seq={note.seq}>
            <p class="message__head">
              <strong>{store.agentName(note.author_id)}</strong>{' '}
              <span class="muted">{formatDateTime(note.created_at)}</span>
            </p>
            <p class="pre">{note.content}</p>
          </div>
        ))}
      </div>
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ReplyBox
        store={store}
        ticketId={ticket.id}
        label="Write an internal note"
        placeholder="Note for the team (not sent to the customer)"
        attachments={false}
        variant="note"
        onSend={async (text) => {
          const { data, error: failure } = await store.api.POST('/api/v1/csr/tickets/{id}/notes', {
            params: { path: { id: ticket.id } },
            body: { content: text.trim(), client_id: crypto.randomUUID() },
          });
          if (data === undefined) throw new Error(problemText(failure, 'Could not add the note'));
          setError(undefined);
          add([data]);
        }}
      />
    </section>
  );
}
