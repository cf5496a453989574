// Account administration for the admin role.
import { Module } from '@nestjs/common';
import { AdminBootstrap } from '@/admin/admin-bootstrap.service';
import { AdminController } from '@/admin/admin.controller';
import { AdminService } from '@/admin/admin.service';
import { AuthModule } from '@/auth/auth.module';
import { RoutingModule } from '@/routing/routing.module';
import { UsersModule } from '@/users/users.module';

@Module({
  imports: [UsersModule, AuthModule, RoutingModule],
  controllers: [AdminController],
  providers: [AdminService, AdminBootstrap],
})
export class AdminModule {}
