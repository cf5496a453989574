import { Body, Controller, Get, HttpCode, Ip, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { TokenPairResponse } from '@/auth/dto/auth.dto';
import { Public } from '@/common/decorators/public.decorator';
import { ApiProblem } from '@/common/openapi/problem.schema';
import { WidgetSessionDto, WidgetStatusResponse } from '@/widget/dto/widget.dto';
import { WidgetService } from '@/widget/widget.service';
import { GUEST_WINDOW_SECONDS, GUESTS_PER_WINDOW } from '@/widget/widget-limits';

@ApiTags('widget')
@Controller('widget')
@Public()
export class WidgetController {
  constructor(private readonly widget: WidgetService) {}

  @Post('session')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'createWidgetSession',
    summary: 'A token pair for the widget: an identified visitor, or an anonymous guest',
    description:
      'With `identity_token`: the visitor with that `sub` (created on first use, role user, no ' +
      'password; email and name taken from the token). Sent with a guest’s Bearer token, the ' +
      'guest’s tickets and messages become the visitor’s and the guest is closed. Without it: a ' +
      `new guest ("Visitor <n>"), when WIDGET_ANONYMOUS is on, at most ${GUESTS_PER_WINDOW} per ` +
      `${GUEST_WINDOW_SECONDS} s per client address (429). A browser \`Origin\` must be allowed ` +
      'by WIDGET_ORIGINS (403).',
  })
  // The Bearer token is optional (a guest's, to merge); the operation's security says {} or bearer.
  @ApiBearerAuth('bearer')
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblem(
    401,
    'Identity token refused (signature, algorithm, expiry, lifetime, claims), no ' +
      'WIDGET_IDENTITY_SECRET, anonymous sessions off, a deactivated visitor, or a bad Bearer token',
  )
  @ApiProblem(403, 'A browser Origin that WIDGET_ORIGINS does not allow')
  @ApiProblem(
    429,
    `More than ${GUESTS_PER_WINDOW} new guests from this address in ${GUEST_WINDOW_SECONDS} s ` +
      '(or the general rate limit); see Retry-After',
  )
  session(
    @Body() body: WidgetSessionDto,
    @Req() request: FastifyRequest,
    @Ip() ip: string,
  ): Promise<TokenPairResponse> {
    const authorization = request.headers.authorization;
    return this.widget.openSession({
      identityToken: body.identity_token,
      // A header that is not `Bearer <token>` is a bad token, not no token.
      bearer:
        authorization === undefined
          ? undefined
          : (/^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? ''),
      origin: request.headers.origin,
      host: request.host,
      clientIp: ip,
    });
  }

  @Get('status')
  @ApiOperation({
    operationId: 'getWidgetStatus',
    summary: 'Whether any support agent is online, for the widget to say so',
  })
  @ApiOkResponse({ type: WidgetStatusResponse })
  async status(): Promise<WidgetStatusResponse> {
    return { agents_online: await this.widget.agentsOnline() };
  }
}
