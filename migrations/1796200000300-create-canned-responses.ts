import { MigrationInterface, QueryRunner } from 'typeorm';

// Canned responses: reply templates with a short code unique in any letter case.
export class CreateCannedResponses1796200000300 implements MigrationInterface {
  name = 'CreateCannedResponses1796200000300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "canned_responses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "short_code" character varying(32) NOT NULL, "title" character varying(200) NOT NULL, "content" character varying(10000) NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "canned_responses_pkey" PRIMARY KEY ("id"))`,
    );
    // Uniqueness in any letter case, and the list's order (keyset on lower(short_code)).
    await queryRunner.query(
      `CREATE UNIQUE INDEX "canned_responses_short_code_key" ON "canned_responses" (lower("short_code"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "canned_responses" ADD CONSTRAINT "canned_responses_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "canned_responses" DROP CONSTRAINT "canned_responses_created_by_fkey"`,
    );
    await queryRunner.query(`DROP INDEX "public"."canned_responses_short_code_key"`);
    await queryRunner.query(`DROP TABLE "canned_responses"`);
  }
}
