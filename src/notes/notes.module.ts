// Internal notes: a staff-only stream per ticket (its table, routes and events). The chat
// gateway depends on it to take and deliver `note`; it depends only on the tickets module.
import { Module } from '@nestjs/common';
import { NotesController } from '@/notes/notes.controller';
import { NotesRepository } from '@/notes/notes.repository';
import { NotesService } from '@/notes/notes.service';
import { TicketsModule } from '@/tickets/tickets.module';
import { WebhooksModule } from '@/webhooks/webhooks.module';

@Module({
  imports: [TicketsModule, WebhooksModule],
  controllers: [NotesController],
  providers: [NotesService, NotesRepository],
  exports: [NotesService],
})
export class NotesModule {}
