// The CSR queue: staff routes over every ticket, built on TicketsService.
import { Module } from '@nestjs/common';
import { CsrTicketsController } from '@/csr/csr-tickets.controller';
import { TicketsModule } from '@/tickets/tickets.module';

@Module({
  imports: [TicketsModule],
  controllers: [CsrTicketsController],
})
export class CsrModule {}
