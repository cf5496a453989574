// Canned responses: staff's reply templates (their table, CRUD) and rendering one for a ticket.
import { Module } from '@nestjs/common';
import { CannedResponsesController } from '@/canned-responses/canned-responses.controller';
import { CannedResponsesRepository } from '@/canned-responses/canned-responses.repository';
import { CannedResponsesService } from '@/canned-responses/canned-responses.service';
import { TicketsModule } from '@/tickets/tickets.module';
import { UsersModule } from '@/users/users.module';

@Module({
  imports: [TicketsModule, UsersModule],
  controllers: [CannedResponsesController],
  providers: [CannedResponsesService, CannedResponsesRepository],
})
export class CannedResponsesModule {}
