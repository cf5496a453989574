import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateChat1795666854704 implements MigrationInterface {
  name = 'CreateChat1795666854704';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ticket_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticket_id" uuid NOT NULL, "seq" integer NOT NULL, "sender_id" uuid NOT NULL, "sender_role" "public"."user_role" NOT NULL, "content" character varying(4000) NOT NULL, "client_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ticket_messages_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ticket_messages_client_id_key" ON "ticket_messages"  ("ticket_id", "sender_id", "client_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ticket_messages_ticket_id_seq_key" ON "ticket_messages"  ("ticket_id", "seq") `,
    );
    await queryRunner.query(
      `CREATE TABLE "ticket_read_markers" ("ticket_id" uuid NOT NULL, "user_id" uuid NOT NULL, "message_id" uuid NOT NULL, "seq" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ticket_read_markers_pkey" PRIMARY KEY ("ticket_id", "user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_messages" ADD CONSTRAINT "ticket_messages_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_messages" ADD CONSTRAINT "ticket_messages_sender_id_fkey" FOREIGN KEY ("sender_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_read_markers" ADD CONSTRAINT "ticket_read_markers_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_read_markers" ADD CONSTRAINT "ticket_read_markers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_read_markers" ADD CONSTRAINT "ticket_read_markers_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "ticket_messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "ticket_read_markers" DROP CONSTRAINT "ticket_read_markers_message_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_read_markers" DROP CONSTRAINT "ticket_read_markers_user_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_read_markers" DROP CONSTRAINT "ticket_read_markers_ticket_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_messages" DROP CONSTRAINT "ticket_messages_sender_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_messages" DROP CONSTRAINT "ticket_messages_ticket_id_fkey"`,
    );
    await queryRunner.query(`DROP TABLE "ticket_read_markers"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_messages_ticket_id_seq_key"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_messages_client_id_key"`);
    await queryRunner.query(`DROP TABLE "ticket_messages"`);
  }
}
