import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTickets1795666533010 implements MigrationInterface {
  name = 'CreateTickets1795666533010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "assignment_cursor" ("id" smallint NOT NULL, "last_assignee_id" uuid, CONSTRAINT "assignment_cursor_single_row" CHECK ("id" = 1), CONSTRAINT "assignment_cursor_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."ticket_status" AS ENUM('open', 'in_progress', 'resolved', 'closed')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."ticket_priority" AS ENUM('low', 'medium', 'high', 'urgent')`,
    );
    await queryRunner.query(
      `CREATE TABLE "tickets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "title" character varying(200) NOT NULL, "description" character varying(10000) NOT NULL, "category" character varying(50) NOT NULL, "type" character varying(50) NOT NULL, "status" "public"."ticket_status" NOT NULL DEFAULT 'open', "priority" "public"."ticket_priority", "user_id" uuid NOT NULL, "assigned_to_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "first_response_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "tickets_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "tickets_updated_at_idx" ON "tickets"  ("updated_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "tickets_created_at_idx" ON "tickets"  ("created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "tickets_status_created_at_idx" ON "tickets"  ("status", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "tickets_assigned_to_id_status_idx" ON "tickets"  ("assigned_to_id", "status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "tickets_user_id_created_at_idx" ON "tickets"  ("user_id", "created_at", "id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "tickets_number_key" ON "tickets"  ("number") `);
    // (priority NULLS FIRST, id): unset priorities sort below low, and this order lets both
    // `sort=priority` and `sort=-priority` walk the index. The entity marks it unsynchronised.
    await queryRunner.query(
      `CREATE INDEX "tickets_priority_idx" ON "tickets" ("priority" NULLS FIRST, "id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "ticket_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "ticket_id" uuid NOT NULL, "actor_id" uuid, "kind" character varying(40) NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ticket_events_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_events_ticket_id_idx" ON "ticket_events"  ("ticket_id", "id") `,
    );
    // The round-robin position starts empty: the first ticket goes to the first CSR.
    await queryRunner.query(
      `INSERT INTO "assignment_cursor" ("id", "last_assignee_id") VALUES (1, NULL)`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_cursor" ADD CONSTRAINT "assignment_cursor_last_assignee_id_fkey" FOREIGN KEY ("last_assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_assigned_to_id_fkey" FOREIGN KEY ("assigned_to_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "ticket_events" DROP CONSTRAINT "ticket_events_actor_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_events" DROP CONSTRAINT "ticket_events_ticket_id_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "tickets_assigned_to_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "tickets_user_id_fkey"`);
    await queryRunner.query(
      `ALTER TABLE "assignment_cursor" DROP CONSTRAINT "assignment_cursor_last_assignee_id_fkey"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ticket_events_ticket_id_idx"`);
    await queryRunner.query(`DROP TABLE "ticket_events"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_priority_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_number_key"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_user_id_created_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_assigned_to_id_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_status_created_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_created_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_updated_at_idx"`);
    await queryRunner.query(`DROP TABLE "tickets"`);
    await queryRunner.query(`DROP TYPE "public"."ticket_priority"`);
    await queryRunner.query(`DROP TYPE "public"."ticket_status"`);
    await queryRunner.query(`DROP TABLE "assignment_cursor"`);
  }
}
