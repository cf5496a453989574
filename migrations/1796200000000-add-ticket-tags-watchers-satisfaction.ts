import { MigrationInterface, QueryRunner } from 'typeorm';

// Ticket fields the conversation features add: tags (GIN-indexed for `tag=` filters), the staff
// watching the ticket after a mention, and a copy of its latest satisfaction rating.
export class AddTicketTagsWatchersSatisfaction1796200000000 implements MigrationInterface {
  name = 'AddTicketTagsWatchersSatisfaction1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD "tags" character varying(32) array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD "watcher_ids" uuid array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`ALTER TABLE "tickets" ADD "satisfaction" jsonb`);
    // `tag=a,b` is `tags @> '{a,b}'`, which a GIN index over the array answers.
    await queryRunner.query(`CREATE INDEX "tickets_tags_idx" ON "tickets" USING gin ("tags")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."tickets_tags_idx"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "satisfaction"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "watcher_ids"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "tags"`);
  }
}
