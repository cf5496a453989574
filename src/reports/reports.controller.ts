import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@/auth/actor';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { Roles } from '@/common/decorators/roles.decorator';
import { ApiProblems } from '@/common/openapi/problem.schema';
import { AgentsReportQuery, SummaryReportQuery } from '@/reports/dto/reports.dto';
import { agentsCsv, CSV_CONTENT_TYPE, csvFilename, summaryCsv } from '@/reports/reports.csv';
import {
  AgentsReportResponse,
  SummaryReportResponse,
  toAgentsReportResponse,
  toSummaryReportResponse,
} from '@/reports/reports.response';
import { ReportsService } from '@/reports/reports.service';

/** 200 as JSON, or as CSV with `format=csv`. */
const jsonOrCsv = (model: new () => unknown, description: string) =>
  ApiResponse({
    status: 200,
    description,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(model) } },
      'text/csv': {
        schema: { type: 'string', description: 'format=csv: a header row, then one row per line' },
      },
    },
    headers: {
      'Content-Disposition': {
        schema: { type: 'string' },
        description: 'format=csv only: attachment; filename="report-….csv"',
      },
    },
  });

function sendCsv(reply: FastifyReply, filename: string, body: string): string {
  void reply
    .type(CSV_CONTENT_TYPE)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store');
  return body;
}

@ApiTags('reports')
@ApiExtraModels(SummaryReportResponse, AgentsReportResponse)
@Controller('admin/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('summary')
  @Roles('admin')
  @ApiOperation({
    operationId: 'reportSummary',
    summary:
      'Per local day or ISO week: tickets created, resolved and reopened, first-response and resolution times (median, p90), SLA attainment per clock, CSAT',
  })
  @jsonOrCsv(SummaryReportResponse, 'The summary (JSON, or CSV with format=csv)')
  @ApiProblems(400)
  async summary(
    @Query() query: SummaryReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SummaryReportResponse | string> {
    const report = toSummaryReportResponse(
      await this.reports.summary({ from: query.from, to: query.to, groupBy: query.group_by }),
    );
    if (query.format !== 'csv') return report;
    return sendCsv(reply, csvFilename('summary', report.from, report.to), summaryCsv(report));
  }

  @Get('agents')
  @Roles('csr', 'admin')
  @ApiOperation({
    operationId: 'reportAgents',
    summary:
      'Per staff member: assigned, resolved, median first response and resolution, SLA breaches, CSAT, time online; a CSR gets only their own row',
  })
  @jsonOrCsv(AgentsReportResponse, 'The agents (JSON, or CSV with format=csv)')
  @ApiProblems(400)
  async agents(
    @CurrentActor() actor: Actor,
    @Query() query: AgentsReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentsReportResponse | string> {
    const report = toAgentsReportResponse(
      await this.reports.agents(actor, { from: query.from, to: query.to }),
    );
    if (query.format !== 'csv') return report;
    return sendCsv(reply, csvFilename('agents', report.from, report.to), agentsCsv(report));
  }
}
