import { MigrationInterface, QueryRunner } from 'typeorm';

// Reports: the log of agents' announced presence (time online), and an index for reading one
// kind of ticket event (resolutions, reopenings, assignments) over a period.
export class CreateAgentPresenceChanges1796300000200 implements MigrationInterface {
  name = 'CreateAgentPresenceChanges1796300000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agent_presence_changes" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" uuid NOT NULL, "presence" character varying(16) NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "agent_presence_changes_presence_check" CHECK ("presence" IN ('online', 'away', 'offline')), CONSTRAINT "agent_presence_changes_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "agent_presence_changes_user_id_changed_at_idx" ON "agent_presence_changes"  ("user_id", "changed_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_events_kind_created_at_idx" ON "ticket_events"  ("kind", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_presence_changes" ADD CONSTRAINT "agent_presence_changes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "agent_presence_changes" DROP CONSTRAINT "agent_presence_changes_user_id_fkey"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ticket_events_kind_created_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."agent_presence_changes_user_id_changed_at_idx"`);
    await queryRunner.query(`DROP TABLE "agent_presence_changes"`);
  }
}
