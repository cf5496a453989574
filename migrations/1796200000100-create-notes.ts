import { MigrationInterface, QueryRunner } from 'typeorm';

// Internal notes: a staff-only stream per ticket, numbered on its own counter (seq) and
// idempotent per author with client_id, as the messages are.
export class CreateNotes1796200000100 implements MigrationInterface {
  name = 'CreateNotes1796200000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ticket_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticket_id" uuid NOT NULL, "seq" integer NOT NULL, "author_id" uuid NOT NULL, "content" character varying(4000) NOT NULL, "mentions" uuid array NOT NULL DEFAULT '{}', "client_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ticket_notes_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ticket_notes_client_id_key" ON "ticket_notes"  ("ticket_id", "author_id", "client_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ticket_notes_ticket_id_seq_key" ON "ticket_notes"  ("ticket_id", "seq") `,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_notes" ADD CONSTRAINT "ticket_notes_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_notes" ADD CONSTRAINT "ticket_notes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "ticket_notes" DROP CONSTRAINT "ticket_notes_author_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_notes" DROP CONSTRAINT "ticket_notes_ticket_id_fkey"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ticket_notes_ticket_id_seq_key"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_notes_client_id_key"`);
    await queryRunner.query(`DROP TABLE "ticket_notes"`);
  }
}
