import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddTicketStatusSortIndex1795667376983 implements MigrationInterface {
  name = 'AddTicketStatusSortIndex1795667376983';

  // `sort=status` breaks ties by id; without this index a deep cursor page sorts the whole rest.
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "tickets_status_id_idx" ON "tickets"  ("status", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."tickets_status_id_idx"`);
  }
}
