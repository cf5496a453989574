// Tickets: the user routes, assignment, the status workflow, the timeline and auto-closing.
// The CSR queue and chat work through TicketsService (chat joins its message transactions to
// it) and listen to the domain events. Routing alone uses the repository's queue, load and bulk
// (un)assignment statements directly, inside its own drain transactions.
import { Module } from '@nestjs/common';
import { AutoCloseJob } from '@/tickets/auto-close.job';
import { TicketsController } from '@/tickets/tickets.controller';
import { TicketsRepository } from '@/tickets/tickets.repository';
import { TicketsService } from '@/tickets/tickets.service';
import { WebhooksModule } from '@/webhooks/webhooks.module';

@Module({
  imports: [WebhooksModule],
  controllers: [TicketsController],
  providers: [TicketsService, TicketsRepository, AutoCloseJob],
  exports: [TicketsService, TicketsRepository, AutoCloseJob],
})
export class TicketsModule {}
