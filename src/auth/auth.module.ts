// Authentication: tokens, sessions, login throttling and the global guards.
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AccessTokenVerifier } from '@/auth/access-token.verifier';
import { AuthJanitor } from '@/auth/auth-janitor.service';
import { AuthController } from '@/auth/auth.controller';
import { AuthService } from '@/auth/auth.service';
import { jwtKey } from '@/auth/jwt-key';
import { JwtStrategy } from '@/auth/jwt.strategy';
import { LoginThrottleRepository } from '@/auth/login-throttle.repository';
import { LoginThrottleService } from '@/auth/login-throttle.service';
import { SessionsRepository } from '@/auth/sessions.repository';
import { SessionsService } from '@/auth/sessions.service';
import { TokensService } from '@/auth/tokens.service';
import { JwtAuthGuard } from '@/common/guards/jwt-auth.guard';
import { RolesGuard } from '@/common/guards/roles.guard';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { UsersModule } from '@/users/users.module';

@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: jwtKey(config.jwt.secret),
        signOptions: { algorithm: config.jwt.algorithm },
        verifyOptions: { algorithms: [config.jwt.algorithm] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokensService,
    SessionsService,
    SessionsRepository,
    LoginThrottleService,
    LoginThrottleRepository,
    JwtStrategy,
    AccessTokenVerifier,
    AuthJanitor,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [SessionsService, TokensService, AccessTokenVerifier, LoginThrottleService],
})
export class AuthModule {}
