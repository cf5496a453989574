// Merges a widget guest into the visitor it turned out to be, inside the caller's transaction:
// what the guest owned becomes the visitor's, and the guest is closed for good. Each table is
// written by the module that owns it.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AttachmentsService } from '@/attachments/attachments.service';
import { SessionsService } from '@/auth/sessions.service';
import { MessagesService } from '@/chat/messages.service';
import { Unauthorized } from '@/common/errors/domain-errors';
import { SatisfactionService } from '@/satisfaction/satisfaction.service';
import type { Ticket } from '@/tickets/ticket.entity';
import { TicketsService } from '@/tickets/tickets.service';
import { UsersService } from '@/users/users.service';

export interface MergedGuest {
  guestId: string;
  /** The guest's tickets, now the visitor's, to publish once committed. */
  tickets: Ticket[];
}

@Injectable()
export class GuestMerge {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly tickets: TicketsService,
    private readonly messages: MessagesService,
    private readonly attachments: AttachmentsService,
    private readonly satisfaction: SatisfactionService,
  ) {}

  /**
   * Moves the guest's tickets (with the timeline entries it acted in), messages and read markers,
   * uploads and ratings to the visitor, then deactivates the guest and revokes its sessions.
   * Lock order: the guest's tickets (in id order, as the chat writer takes them), then the
   * guest's row, so a message being stored in one of its tickets never deadlocks with this.
   * The guest is kept, deactivated, rather than deleted: a row it still owns somewhere (a table
   * added later) stays valid instead of cascading away. A guest merged meanwhile by another
   * request is 401, as its token now is.
   */
  async merge(manager: EntityManager, guestId: string, visitorId: string): Promise<MergedGuest> {
    const tickets = await this.tickets.moveOwner(manager, guestId, visitorId);
    const guest = await this.users.lock(manager, guestId);
    if (!guest.isGuest || !guest.isActive) throw new Unauthorized('Invalid or expired token');
    await this.messages.moveSender(manager, guestId, visitorId);
    await this.attachments.moveUploader(manager, guestId, visitorId);
    await this.satisfaction.moveRater(manager, guestId, visitorId);
    await this.users.update(manager, guestId, { isActive: false });
    await this.sessions.revokeAllForUser(manager, guestId);
    return { guestId, tickets };
  }
}
