import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { AVAILABILITIES, type Availability } from '@/routing/agent-profile.entity';

export class UpdatePresenceDto {
  @ApiProperty({ enum: AVAILABILITIES, enumName: 'Availability', example: 'online' })
  @IsIn(AVAILABILITIES, { message: `availability must be one of: ${AVAILABILITIES.join(', ')}` })
  availability!: Availability;
}
