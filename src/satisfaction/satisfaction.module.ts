// Satisfaction (CSAT): owners' ratings of each resolution of their tickets, and the staff report.
// The ticket's copy of its latest rating and the timeline entry go through TicketsService.
import { Module } from '@nestjs/common';
import { SatisfactionController } from '@/satisfaction/satisfaction.controller';
import { SatisfactionRepository } from '@/satisfaction/satisfaction.repository';
import { SatisfactionService } from '@/satisfaction/satisfaction.service';
import { TicketsModule } from '@/tickets/tickets.module';
import { WebhooksModule } from '@/webhooks/webhooks.module';

@Module({
  imports: [TicketsModule, WebhooksModule],
  controllers: [SatisfactionController],
  providers: [SatisfactionService, SatisfactionRepository],
  exports: [SatisfactionService],
})
export class SatisfactionModule {}
