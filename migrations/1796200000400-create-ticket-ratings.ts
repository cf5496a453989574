import { MigrationInterface, QueryRunner } from 'typeorm';

// Satisfaction ratings, one per resolution of a ticket (the unique constraint says so).
export class CreateTicketRatings1796200000400 implements MigrationInterface {
  name = 'CreateTicketRatings1796200000400';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ticket_ratings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticket_id" uuid NOT NULL, "resolution_event_id" bigint NOT NULL, "user_id" uuid NOT NULL, "assignee_id" uuid, "rating" smallint NOT NULL, "comment" character varying(1000), "rated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ticket_ratings_ticket_id_resolution_event_id_key" UNIQUE ("ticket_id", "resolution_event_id"), CONSTRAINT "ticket_ratings_rating_range" CHECK ("rating" BETWEEN 1 AND 5), CONSTRAINT "ticket_ratings_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_ratings_rated_at_idx" ON "ticket_ratings" ("rated_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_ratings_assignee_id_rated_at_idx" ON "ticket_ratings" ("assignee_id", "rated_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_ratings" ADD CONSTRAINT "ticket_ratings_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_ratings" ADD CONSTRAINT "ticket_ratings_resolution_event_id_fkey" FOREIGN KEY ("resolution_event_id") REFERENCES "ticket_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_ratings" ADD CONSTRAINT "ticket_ratings_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_ratings" ADD CONSTRAINT "ticket_ratings_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "ticket_ratings" DROP CONSTRAINT "ticket_ratings_assignee_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_ratings" DROP CONSTRAINT "ticket_ratings_user_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_ratings" DROP CONSTRAINT "ticket_ratings_resolution_event_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_ratings" DROP CONSTRAINT "ticket_ratings_ticket_id_fkey"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ticket_ratings_assignee_id_rated_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_ratings_rated_at_idx"`);
    await queryRunner.query(`DROP TABLE "ticket_ratings"`);
  }
}
