// Routing: agent presence (sockets, heartbeats, instance liveness), capacity and skills, the
// queue's drain and requeue. It listens to ticket events and assigns through the tickets module.
import { Module } from '@nestjs/common';
import { AgentsController } from '@/routing/agents.controller';
import { PresenceService } from '@/routing/presence.service';
import { RoutingRepository } from '@/routing/routing.repository';
import { RoutingService } from '@/routing/routing.service';
import { TicketsModule } from '@/tickets/tickets.module';
import { UsersModule } from '@/users/users.module';

@Module({
  imports: [TicketsModule, UsersModule],
  controllers: [AgentsController],
  providers: [RoutingRepository, PresenceService, RoutingService],
  exports: [PresenceService, RoutingService],
})
export class RoutingModule {}
