import { Body, Controller, Headers, HttpCode, Ip, Post } from '@nestjs/common';
import { AuthService } from '@/auth/auth.service';
import { LoginDto, RefreshDto, SignupDto } from '@/auth/dto/auth.dto';
import { TokenPair } from '@/auth/tokens.service';
import { Public } from '@/common/decorators/public.decorator';
import { toUserResponse, UserResponse } from '@/users/user.response';

@Controller('auth')
@Public()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('signup')
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
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<TokenPair> {
    return this.auth.login(body.email, body.password, ip);
  }

  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(body.refresh_token);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(
    @Body() body: RefreshDto,
    @Headers('authorization') authorization?: string,
  ): Promise<void> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    await this.auth.logout(body.refresh_token, bearer);
  }
}
