// Tickets: the user routes, assignment, the status workflow, the timeline and auto-closing.
// The CSR queue works through TicketsService; chat also joins its own transactions to
// TicketsRepository, and listens to the domain events.
import { Module } from '@nestjs/common';
import { AutoCloseJob } from '@/tickets/auto-close.job';
import { TicketsController } from '@/tickets/tickets.controller';
import { TicketsRepository } from '@/tickets/tickets.repository';
import { TicketsService } from '@/tickets/tickets.service';

@Module({
  controllers: [TicketsController],
  providers: [TicketsService, TicketsRepository, AutoCloseJob],
  exports: [TicketsService, TicketsRepository, AutoCloseJob],
})
export class TicketsModule {}
