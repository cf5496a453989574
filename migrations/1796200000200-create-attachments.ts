import { MigrationInterface, QueryRunner } from 'typeorm';

// Files uploaded to tickets; the bytes live in the attachment store under their sha256.
export class CreateAttachments1796200000200 implements MigrationInterface {
  name = 'CreateAttachments1796200000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ticket_attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticket_id" uuid NOT NULL, "message_id" uuid, "uploaded_by" uuid NOT NULL, "filename" character varying(255) NOT NULL, "content_type" character varying(100) NOT NULL, "size" bigint NOT NULL, "sha256" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ticket_attachments_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_attachments_ticket_id_idx" ON "ticket_attachments" ("ticket_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_attachments_message_id_idx" ON "ticket_attachments" ("message_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "ticket_messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_uploaded_by_fkey" FOREIGN KEY ("uploaded_by") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "ticket_attachments" DROP CONSTRAINT "ticket_attachments_uploaded_by_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_attachments" DROP CONSTRAINT "ticket_attachments_message_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_attachments" DROP CONSTRAINT "ticket_attachments_ticket_id_fkey"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ticket_attachments_message_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_attachments_ticket_id_idx"`);
    await queryRunner.query(`DROP TABLE "ticket_attachments"`);
  }
}
