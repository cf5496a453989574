import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role, type User } from '@/users/user.entity';

/** The wire shape of a user; the password hash has no field here, so it cannot leak. */
export class UserResponse {
  @ApiProperty({ format: 'uuid', example: '6b0f3d1e-2c4a-4b8e-9f1a-3d5c7e9b1a2c' })
  id!: string;

  @ApiProperty({
    type: 'string',
    format: 'email',
    nullable: true,
    description: 'Null for a widget guest, or a widget visitor whose host site gave none',
    example: 'ann@example.com',
  })
  email!: string | null;

  @ApiProperty({ example: 'Ann Lee' })
  full_name!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'user' })
  role!: Role;

  @ApiProperty({ example: true })
  is_active!: boolean;

  @ApiProperty({
    description: 'An anonymous widget visitor ("Visitor <n>"); false for every other account',
    example: false,
  })
  is_guest!: boolean;

  @ApiProperty({ format: 'date-time', example: '2026-11-26T09:30:00.000Z' })
  created_at!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-26T09:30:00.000Z' })
  updated_at!: string;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    description: 'Staff, on the admin routes: most open tickets routed to them; null: no limit',
    example: 10,
  })
  max_open_tickets?: number | null;

  @ApiPropertyOptional({
    type: [String],
    description: 'Staff, on the admin routes: categories they take; empty: every category',
    example: ['billing'],
  })
  categories?: string[];
}

export class UserPageResponse {
  @ApiProperty({ type: [UserResponse] })
  items!: UserResponse[];

  @ApiProperty({ example: 42 })
  total!: number;

  @ApiProperty({ example: 20 })
  limit!: number;

  @ApiProperty({ example: 0 })
  offset!: number;
}

/** `routing`: a staff member's capacity and categories, when the route shows them. */
export function toUserResponse(
  user: User,
  routing?: { maxOpenTickets: number | null; categories: string[] },
): UserResponse {
  const response: UserResponse = {
    id: user.id,
    email: user.email,
    full_name: user.fullName,
    role: user.role,
    is_active: user.isActive,
    is_guest: user.isGuest,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
  if (routing !== undefined) {
    response.max_open_tickets = routing.maxOpenTickets;
    response.categories = routing.categories;
  }
  return response;
}
