// Real-time chat per ticket: the Socket.IO gateway, the message routes, and message storage.
// The gateway also carries the notes module's staff-only `note` and `mention` events.
import { Module } from '@nestjs/common';
import { AttachmentsModule } from '@/attachments/attachments.module';
import { AuthModule } from '@/auth/auth.module';
import { ChatGateway } from '@/chat/chat.gateway';
import { MessageWriter } from '@/chat/message-writer';
import { MessagesController } from '@/chat/messages.controller';
import { MessagesRepository } from '@/chat/messages.repository';
import { MessagesService } from '@/chat/messages.service';
import { NotesModule } from '@/notes/notes.module';
import { RoutingModule } from '@/routing/routing.module';
import { TicketsModule } from '@/tickets/tickets.module';
import { WebhooksModule } from '@/webhooks/webhooks.module';

@Module({
  imports: [
    AuthModule,
    TicketsModule,
    RoutingModule,
    NotesModule,
    AttachmentsModule,
    WebhooksModule,
  ],
  controllers: [MessagesController],
  providers: [ChatGateway, MessagesService, MessagesRepository, MessageWriter],
  exports: [MessagesService],
})
export class ChatModule {}
