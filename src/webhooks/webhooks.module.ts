// Webhooks: endpoints, the outbox every module writes to inside its transactions, the dispatcher
// that delivers on every instance, and the delivery log. It depends on no feature module, so the
// features below it (tickets, chat, notes, SLA, satisfaction) can all write to its outbox.
import { Module } from '@nestjs/common';
import { WebhookDispatcher } from '@/webhooks/webhook-dispatcher';
import { WebhookOutbox } from '@/webhooks/webhook-outbox';
import { WebhooksController } from '@/webhooks/webhooks.controller';
import { WebhooksRepository } from '@/webhooks/webhooks.repository';
import { WebhooksService } from '@/webhooks/webhooks.service';

@Module({
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhookDispatcher, WebhookOutbox, WebhooksService],
  exports: [WebhookOutbox],
})
export class WebhooksModule {}
