// The embeddable widget's backend: visitor identity from host sites' signed tokens, anonymous
// guests, merging a guest into its visitor, and whether agents are online. The widget page
// itself (and its frame-ancestors from WIDGET_ORIGINS) is served elsewhere.
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AttachmentsModule } from '@/attachments/attachments.module';
import { AuthModule } from '@/auth/auth.module';
import { ChatModule } from '@/chat/chat.module';
import { RoutingModule } from '@/routing/routing.module';
import { SatisfactionModule } from '@/satisfaction/satisfaction.module';
import { TicketsModule } from '@/tickets/tickets.module';
import { UsersModule } from '@/users/users.module';
import { GuestMerge } from '@/widget/guest-merge';
import { IdentityTokenVerifier } from '@/widget/identity-token';
import { WidgetController } from '@/widget/widget.controller';
import { WidgetService } from '@/widget/widget.service';
import { IDENTITY_TOKEN_ALGORITHM } from '@/widget/widget-limits';

@Module({
  imports: [
    // Its own JwtService: the key (WIDGET_IDENTITY_SECRET) is given per call, never the API's.
    JwtModule.register({ verifyOptions: { algorithms: [IDENTITY_TOKEN_ALGORITHM] } }),
    AuthModule,
    UsersModule,
    TicketsModule,
    ChatModule,
    AttachmentsModule,
    SatisfactionModule,
    RoutingModule,
  ],
  controllers: [WidgetController],
  providers: [WidgetService, GuestMerge, IdentityTokenVerifier],
})
export class WidgetModule {}
