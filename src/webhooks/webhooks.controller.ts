import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '@/common/decorators/roles.decorator';
import { ApiProblems } from '@/common/openapi/problem.schema';
import { UuidPipe } from '@/common/pipes/uuid.pipe';
import {
  CreateWebhookDto,
  ListDeliveriesQuery,
  ListWebhooksQuery,
  UpdateWebhookDto,
} from '@/webhooks/dto/webhooks.dto';
import {
  toAttemptResponse,
  toDeliveryResponse,
  toWebhookResponse,
  toWebhookWithSecretResponse,
  WebhookDeliveryDetailResponse,
  WebhookDeliveryPageResponse,
  WebhookDeliveryResponse,
  WebhookPageResponse,
  WebhookResponse,
  WebhookWithSecretResponse,
} from '@/webhooks/webhook.response';
import { WebhooksService } from '@/webhooks/webhooks.service';

@ApiTags('webhooks')
@Controller('admin/webhooks')
@Roles('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Subscribe an endpoint to events; the answer holds its signing secret, once',
  })
  @ApiCreatedResponse({ type: WebhookWithSecretResponse })
  async create(@Body() body: CreateWebhookDto): Promise<WebhookWithSecretResponse> {
    return toWebhookWithSecretResponse(
      await this.webhooks.create({
        url: body.url,
        events: body.events,
        description: body.description,
      }),
    );
  }

  @Get()
  @ApiOperation({ operationId: 'listWebhooks', summary: 'A page of endpoints, oldest first' })
  @ApiOkResponse({ type: WebhookPageResponse })
  async list(@Query() query: ListWebhooksQuery): Promise<WebhookPageResponse> {
    const page = await this.webhooks.list(query.limit, query.cursor);
    return { items: page.items.map(toWebhookResponse), next_cursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWebhook', summary: 'One endpoint (without its secret)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiProblems(404)
  async get(@Param('id', UuidPipe) id: string): Promise<WebhookResponse> {
    return toWebhookResponse(await this.webhooks.get(id));
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateWebhook', summary: 'Change an endpoint, or turn it off/on' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiProblems(404)
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookResponse> {
    return toWebhookResponse(
      await this.webhooks.update(id, {
        url: body.url,
        events: body.events,
        description: body.description,
        enabled: body.enabled,
      }),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteWebhook',
    summary: 'Remove an endpoint with its log; pending deliveries are dropped',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(404)
  async delete(@Param('id', UuidPipe) id: string): Promise<void> {
    await this.webhooks.delete(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: 'A new signing secret; the old one keeps signing alongside it for 24 hours',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: WebhookWithSecretResponse })
  @ApiProblems(404)
  async rotateSecret(@Param('id', UuidPipe) id: string): Promise<WebhookWithSecretResponse> {
    return toWebhookWithSecretResponse(await this.webhooks.rotateSecret(id));
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'testWebhook',
    summary: 'Send a ping event to this endpoint now (even while it is disabled)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse })
  @ApiProblems(404)
  async test(@Param('id', UuidPipe) id: string): Promise<WebhookDeliveryResponse> {
    return toDeliveryResponse(await this.webhooks.test(id));
  }

  @Get(':id/deliveries')
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: 'The endpoint’s delivery log, newest first',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: WebhookDeliveryPageResponse })
  @ApiProblems(404)
  async deliveries(
    @Param('id', UuidPipe) id: string,
    @Query() query: ListDeliveriesQuery,
  ): Promise<WebhookDeliveryPageResponse> {
    const page = await this.webhooks.deliveries(id, query.status, query.limit, query.cursor);
    return { items: page.items.map(toDeliveryResponse), next_cursor: page.nextCursor };
  }

  @Get(':id/deliveries/:delivery_id')
  @ApiOperation({
    operationId: 'getWebhookDelivery',
    summary: 'One delivery with its payload and each attempt as sent and answered',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'delivery_id', format: 'uuid' })
  @ApiOkResponse({ type: WebhookDeliveryDetailResponse })
  @ApiProblems(404)
  async delivery(
    @Param('id', UuidPipe) id: string,
    @Param('delivery_id', UuidPipe) deliveryId: string,
  ): Promise<WebhookDeliveryDetailResponse> {
    const { delivery, payload, attempts } = await this.webhooks.delivery(id, deliveryId);
    return {
      ...toDeliveryResponse(delivery),
      payload,
      attempt_log: attempts.map(toAttemptResponse),
    };
  }

  @Post(':id/deliveries/:delivery_id/retry')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'retryWebhookDelivery',
    summary: 'Attempt this delivery again now, with the same webhook-id',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'delivery_id', format: 'uuid' })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse })
  @ApiProblems(404, 409)
  async retry(
    @Param('id', UuidPipe) id: string,
    @Param('delivery_id', UuidPipe) deliveryId: string,
  ): Promise<WebhookDeliveryResponse> {
    return toDeliveryResponse(await this.webhooks.retry(id, deliveryId));
  }
}
