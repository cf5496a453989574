// Ensures the configured admin account exists at start; safe to run on every boot and instance.
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { UsersService } from '@/users/users.service';

@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.admin;
    if (admin === undefined) return;
    const created = await this.users.ensure({
      email: admin.email,
      password: admin.password,
      fullName: 'Administrator',
      role: 'admin',
    });
    if (created) this.logger.log(`Created admin account ${admin.email}`);
  }
}
