import { ApiProperty } from '@nestjs/swagger';

/** Counts of each rating value; every key from "1" to "5" is present. */
export class RatingDistributionResponse {
  @ApiProperty({ name: '1', type: 'integer', example: 1 })
  '1'!: number;

  @ApiProperty({ name: '2', type: 'integer', example: 0 })
  '2'!: number;

  @ApiProperty({ name: '3', type: 'integer', example: 2 })
  '3'!: number;

  @ApiProperty({ name: '4', type: 'integer', example: 5 })
  '4'!: number;

  @ApiProperty({ name: '5', type: 'integer', example: 12 })
  '5'!: number;
}

export class SatisfactionReportResponse {
  @ApiProperty({ type: 'integer', example: 20 })
  count!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Mean rating to two decimals; null when count is 0',
    example: 4.35,
  })
  average!: number | null;

  @ApiProperty({ type: RatingDistributionResponse })
  distribution!: RatingDistributionResponse;
}
