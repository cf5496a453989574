import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AdminModule } from '@/admin/admin.module';
import { AttachmentsModule } from '@/attachments/attachments.module';
import { AuthModule } from '@/auth/auth.module';
import { CannedResponsesModule } from '@/canned-responses/canned-responses.module';
import { ChatModule } from '@/chat/chat.module';
import type { AppConfig } from '@/config/config';
import { ConfigModule } from '@/config/config.module';
import { CsrModule } from '@/csr/csr.module';
import { DatabaseModule } from '@/database/database.module';
import { HealthModule } from '@/health/health.module';
import { NotesModule } from '@/notes/notes.module';
import { RedisModule } from '@/redis/redis.module';
import { ReportsModule } from '@/reports/reports.module';
import { RoutingModule } from '@/routing/routing.module';
import { SatisfactionModule } from '@/satisfaction/satisfaction.module';
import { SlaModule } from '@/sla/sla.module';
import { SearchModule } from '@/search/search.module';
import { TicketsModule } from '@/tickets/tickets.module';
import { UsersModule } from '@/users/users.module';
import { WebhooksModule } from '@/webhooks/webhooks.module';
import { WidgetModule } from '@/widget/widget.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(),
        RedisModule,
        EventEmitterModule.forRoot(),
        HealthModule,
        UsersModule,
        AuthModule,
        AdminModule,
        TicketsModule,
        CsrModule,
        RoutingModule,
        NotesModule,
        AttachmentsModule,
        ChatModule,
        CannedResponsesModule,
        SatisfactionModule,
        SlaModule,
        ReportsModule,
        SearchModule,
        WebhooksModule,
        WidgetModule,
      ],
    };
  }
}
