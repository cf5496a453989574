import { Body, Controller, HttpCode, Ip, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthService } from '@/auth/auth.service';
import { LoginDto, RefreshDto, SignupDto, TokenPairResponse } from '@/auth/dto/auth.dto';
import { Public } from '@/common/decorators/public.decorator';
import { ApiProblems } from '@/common/openapi/problem.schema';
import { toUserResponse, UserResponse } from '@/users/user.response';

@ApiTags('auth')
@Controller('auth')
@Public()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('signup')
  @ApiOperation({ operationId: 'signup', summary: 'Create an account with role user' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiProblems(409)
  async signup(@Body() body: SignupDto): Promise<UserResponse> {
    const user = await this.auth.signup({
      email: body.email,
      password: body.password,
      fullName: body.full_name,
    });
    return toUserResponse(user);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ operationId: 'login', summary: 'Exchange email and password for a token pair' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblems(401)
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<TokenPairResponse> {
    return this.auth.login(body.email, body.password, ip);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'refreshTokens',
    summary: 'Rotate a refresh token; presenting a used one revokes its whole session',
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblems(401)
  refresh(@Body() body: RefreshDto): Promise<TokenPairResponse> {
    return this.auth.refresh(body.refresh_token);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'logout',
    summary: 'End the session and blacklist the presented access token (repeatable)',
  })
  @ApiBearerAuth('bearer')
  @ApiNoContentResponse({ description: 'Logged out' })
  @ApiProblems(401)
  // The bearer token is optional here and documented by the operation's security ({} or
  // bearer); @Headers would have listed it as a required header parameter.
  async logout(@Body() body: RefreshDto, @Req() request: FastifyRequest): Promise<void> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    await this.auth.logout(body.refresh_token, bearer);
  }
}
