// SLA: the policy admins edit, each ticket's response and resolution clocks on a business-hours
// calendar, and the job that fires warnings and breaches. It keeps the clocks through
// TicketsService (TicketClocks), inside the transactions that change tickets.
import { Module } from '@nestjs/common';
import { Clock } from '@/common/clock';
import { SlaCheckJob } from '@/sla/sla-check.job';
import { SlaController } from '@/sla/sla.controller';
import { SlaRepository } from '@/sla/sla.repository';
import { SlaService } from '@/sla/sla.service';
import { TicketsModule } from '@/tickets/tickets.module';
import { WebhooksModule } from '@/webhooks/webhooks.module';

@Module({
  imports: [TicketsModule, WebhooksModule],
  controllers: [SlaController],
  providers: [SlaService, SlaRepository, SlaCheckJob, Clock],
  exports: [SlaService, SlaCheckJob, Clock],
})
export class SlaModule {}
