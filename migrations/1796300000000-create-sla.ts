import { MigrationInterface, QueryRunner } from 'typeorm';

// SLA: saved policy versions, the clock state on tickets (with the columns the lists and the
// check job read through partial indexes), each clock run for reports, and the fired alerts,
// whose key makes every warning and breach fire exactly once.
export class CreateSla1796300000000 implements MigrationInterface {
  name = 'CreateSla1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sla_alerts" ("ticket_id" uuid NOT NULL, "clock" character varying(16) NOT NULL, "run" integer NOT NULL, "kind" character varying(16) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "assignee_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "sla_alerts_kind_check" CHECK ("kind" IN ('warning', 'breached')), CONSTRAINT "sla_alerts_pkey" PRIMARY KEY ("ticket_id", "clock", "run", "kind"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "sla_alerts_assignee_id_created_at_idx" ON "sla_alerts"  ("assignee_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "sla_alerts_created_at_idx" ON "sla_alerts"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sla_clock_runs" ("ticket_id" uuid NOT NULL, "clock" character varying(16) NOT NULL, "run" integer NOT NULL, "priority" "public"."ticket_priority", "target_minutes" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "met_at" TIMESTAMP WITH TIME ZONE, "elapsed_minutes" double precision, "breached" boolean NOT NULL DEFAULT false, "assignee_id" uuid, CONSTRAINT "sla_clock_runs_clock_check" CHECK ("clock" IN ('first_response', 'next_response', 'resolution')), CONSTRAINT "sla_clock_runs_pkey" PRIMARY KEY ("ticket_id", "clock", "run"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "sla_clock_runs_due_at_idx" ON "sla_clock_runs"  ("due_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sla_policies" ("version" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "policy" jsonb NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "sla_policies_pkey" PRIMARY KEY ("version"))`,
    );
    await queryRunner.query(`ALTER TABLE "tickets" ADD "sla" jsonb`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "sla_due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "sla_check_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD "sla_at_risk" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD "sla_breached" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `CREATE INDEX "tickets_sla_breached_idx" ON "tickets"  ("id") WHERE "sla_breached"`,
    );
    await queryRunner.query(
      `CREATE INDEX "tickets_sla_at_risk_idx" ON "tickets"  ("id") WHERE "sla_at_risk"`,
    );
    await queryRunner.query(
      `CREATE INDEX "tickets_sla_check_at_idx" ON "tickets"  ("sla_check_at") WHERE "sla_check_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "tickets_sla_due_at_idx" ON "tickets"  ("sla_due_at", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "sla_alerts" ADD CONSTRAINT "sla_alerts_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sla_alerts" ADD CONSTRAINT "sla_alerts_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sla_clock_runs" ADD CONSTRAINT "sla_clock_runs_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sla_clock_runs" ADD CONSTRAINT "sla_clock_runs_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "sla_policies" DROP CONSTRAINT "sla_policies_created_by_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "sla_clock_runs" DROP CONSTRAINT "sla_clock_runs_assignee_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "sla_clock_runs" DROP CONSTRAINT "sla_clock_runs_ticket_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "sla_alerts" DROP CONSTRAINT "sla_alerts_assignee_id_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "sla_alerts" DROP CONSTRAINT "sla_alerts_ticket_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_sla_due_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_sla_check_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_sla_at_risk_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_sla_breached_idx"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "sla_breached"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "sla_at_risk"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "sla_check_at"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "sla_due_at"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "sla"`);
    await queryRunner.query(`DROP TABLE "sla_policies"`);
    await queryRunner.query(`DROP INDEX "public"."sla_clock_runs_due_at_idx"`);
    await queryRunner.query(`DROP TABLE "sla_clock_runs"`);
    await queryRunner.query(`DROP INDEX "public"."sla_alerts_created_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."sla_alerts_assignee_id_created_at_idx"`);
    await queryRunner.query(`DROP TABLE "sla_alerts"`);
  }
}
