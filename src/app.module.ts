import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from '@/admin/admin.module';
import { AuthModule } from '@/auth/auth.module';
import type { AppConfig } from '@/config/config';
import { ConfigModule } from '@/config/config.module';
import { DatabaseModule } from '@/database/database.module';
import { HealthModule } from '@/health/health.module';
import { UsersModule } from '@/users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(),
        HealthModule,
        UsersModule,
        AuthModule,
        AdminModule,
      ],
    };
  }
}
