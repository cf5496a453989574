// Owns internal notes: a staff-only stream beside a ticket's messages, never mixed into them.
// Storing a note (gapless seq, idempotent client_id, mentions turned into watchers and a
// timeline entry) is one transaction under the ticket's row lock; listeners hear after commit.
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WebhookOutbox } from '@/webhooks/webhook-outbox';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Forbidden } from '@/common/errors/domain-errors';
import { publish } from '@/common/publish';
import type { Note } from '@/notes/note.entity';
import { toNoteResponse } from '@/notes/note.response';
import { InvalidMention } from '@/notes/notes.errors';
import { NOTE_CREATED, NoteCreatedEvent } from '@/notes/notes.events';
import { NotesRepository } from '@/notes/notes.repository';
import { canWorkQueue, TicketActor } from '@/tickets/ticket-access.policy';
import { TicketsService } from '@/tickets/tickets.service';

export interface NoteInput {
  content: string;
  clientId: string | null;
  mentions: readonly string[];
}

export interface NoteResult {
  note: Note;
  /** False when the client_id was seen before and the stored note is returned again. */
  created: boolean;
}

@Injectable()
export class NotesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notes: NotesRepository,
    private readonly tickets: TicketsService,
    private readonly events: EventEmitter2,
    private readonly outbox: WebhookOutbox,
  ) {}

  /**
   * Notes are the staff's: any CSR or admin reads and writes them on any ticket they can reach
   * through the queue, and nobody else learns even whether a ticket exists from them.
   */
  authorize(actor: TicketActor): void {
    if (!canWorkQueue(actor)) throw new Forbidden('Notes are for staff only');
  }

  async create(actor: TicketActor, ticketId: string, input: NoteInput): Promise<NoteResult> {
    this.authorize(actor);
    const mentions = [...new Set(input.mentions)];
    const result = await this.dataSource.transaction(async (manager) => {
      // Closed tickets take notes too: staff keep writing down what they learn after the fact.
      const ticket = await this.tickets.lockAccessible(manager, actor, ticketId, 'queue');
      if (input.clientId !== null) {
        const existing = await this.notes.findByClientId(
          manager,
          ticketId,
          actor.id,
          input.clientId,
        );
        if (existing !== null) return { ticket, note: existing, created: false, watched: null };
      }
      const staff = await this.notes.activeStaff(manager, mentions);
      if (mentions.some((id) => !staff.has(id))) throw new InvalidMention();
      const note = await this.notes.insert(manager, {
        ticketId,
        authorId: actor.id,
        content: input.content,
        mentions,
        clientId: input.clientId,
      });
      await this.outbox.record(manager, [{ type: 'note.created', data: toNoteResponse(note) }]);
      const watched = await this.tickets.recordMentions(
        manager,
        ticket,
        actor.id,
        note.id,
        mentions,
      );
      return { ticket, note, created: true, watched };
    });
    if (result.created) {
      publish<NoteCreatedEvent>(this.events, NOTE_CREATED, {
        note: toNoteResponse(result.note),
        ownerId: result.ticket.userId,
      });
    }
    if (result.watched !== null) this.tickets.publishUpdated(result.watched);
    return { note: result.note, created: result.created };
  }

  /** Notes after `afterSeq`, oldest first, and whether more follow. */
  async list(
    actor: TicketActor,
    ticketId: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ items: Note[]; hasMore: boolean }> {
    this.authorize(actor);
    await this.tickets.get(actor, ticketId, 'queue');
    const rows = await this.notes.listAfter(ticketId, afterSeq, limit + 1);
    return { items: rows.slice(0, limit), hasMore: rows.length > limit };
  }
}
