// Tickets: the user routes, assignment, the status workflow, the timeline and auto-closing.
// Other modules (the CSR queue, chat) work through TicketsService and its domain events.
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
