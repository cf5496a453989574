import { ApiProperty } from '@nestjs/swagger';
import { AVAILABILITIES, type Availability } from '@/routing/agent-profile.entity';
import type { Agent } from '@/routing/routing.repository';
import { ROLES, type Role } from '@/users/user.entity';

/** The wire shape of a staff member as routing sees them. */
export class AgentResponse {
  @ApiProperty({ format: 'uuid', example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' })
  id!: string;

  @ApiProperty({ example: 'Cara Diaz' })
  full_name!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'csr' })
  role!: Role;

  @ApiProperty({
    enum: AVAILABILITIES,
    enumName: 'Availability',
    description: 'What the agent chose',
    example: 'online',
  })
  availability!: Availability;

  @ApiProperty({
    enum: AVAILABILITIES,
    enumName: 'Availability',
    description: 'offline when not connected, else the availability',
    example: 'online',
  })
  presence!: Availability;

  @ApiProperty({
    description: 'A /chat socket open on any instance, or a presence heartbeat within the timeout',
    example: true,
  })
  connected!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  last_seen_at!: string | null;

  @ApiProperty({
    type: 'integer',
    description: 'Tickets assigned, open or in progress',
    example: 3,
  })
  load!: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Most open tickets routed to them; null: no limit',
    example: 10,
  })
  capacity!: number | null;

  @ApiProperty({
    type: [String],
    description: 'Categories they take; empty: every category',
    example: ['billing'],
  })
  categories!: string[];
}

export class AgentListResponse {
  @ApiProperty({ type: [AgentResponse] })
  items!: AgentResponse[];
}

export function toAgentResponse(agent: Agent): AgentResponse {
  return {
    id: agent.id,
    full_name: agent.fullName,
    role: agent.role,
    availability: agent.availability,
    presence: agent.presence,
    connected: agent.connected,
    last_seen_at: agent.lastSeenAt === null ? null : agent.lastSeenAt.toISOString(),
    load: agent.load,
    capacity: agent.capacity,
    categories: [...agent.categories],
  };
}
