// Domain events of the notes module (published after commit; the gateway sends them to staff).
import type { NoteResponse } from '@/notes/note.response';

export const NOTE_CREATED = 'notes.note_created';

export interface NoteCreatedEvent {
  note: NoteResponse;
  /** The ticket's owner, whose sockets must never receive the note, whatever rooms they hold. */
  ownerId: string;
}
