// Reports: the admin summary of the helpdesk per day or week and the per-agent report, read-only
// over the tickets, timeline, messages, SLA, ratings and presence tables.
import { Module } from '@nestjs/common';
import { ReportsController } from '@/reports/reports.controller';
import { ReportsRepository } from '@/reports/reports.repository';
import { ReportsService } from '@/reports/reports.service';

@Module({
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository],
})
export class ReportsModule {}
