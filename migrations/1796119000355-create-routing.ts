import { MigrationInterface, QueryRunner } from 'typeorm';

// Routing: agents' settings and REST liveness, running instances and the sockets they hold.
export class CreateRouting1796119000355 implements MigrationInterface {
  name = 'CreateRouting1796119000355';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "routing_instances" ("id" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "renewed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "routing_instances_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "agent_connections" ("socket_id" character varying(64) NOT NULL, "instance_id" uuid NOT NULL, "user_id" uuid NOT NULL, "connected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "agent_connections_pkey" PRIMARY KEY ("socket_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "agent_connections_instance_id_idx" ON "agent_connections"  ("instance_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "agent_connections_user_id_idx" ON "agent_connections"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."agent_availability" AS ENUM('online', 'away', 'offline')`,
    );
    await queryRunner.query(
      `CREATE TABLE "agent_profiles" ("user_id" uuid NOT NULL, "availability" "public"."agent_availability" NOT NULL DEFAULT 'online', "max_open_tickets" integer, "capacity_set" boolean NOT NULL DEFAULT false, "categories" character varying(50) array NOT NULL DEFAULT '{}', "heartbeat_at" TIMESTAMP WITH TIME ZONE, "last_seen_at" TIMESTAMP WITH TIME ZONE, "announced_presence" character varying(10), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "agent_profiles_max_open_tickets_range" CHECK ("max_open_tickets" BETWEEN 1 AND 1000), CONSTRAINT "agent_profiles_pkey" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_connections" ADD CONSTRAINT "agent_connections_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "routing_instances"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_connections" ADD CONSTRAINT "agent_connections_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_profiles" ADD CONSTRAINT "agent_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // The queue in queue order (urgent, high, medium, low, none; oldest first): the drain and
    // `sort=queue` read it. The expression must match QUEUE_RANK_SQL in the tickets repository.
    await queryRunner.query(
      `CREATE INDEX "tickets_queue_idx" ON "tickets" ((CASE "priority" WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END), "created_at", "id") WHERE "assigned_to_id" IS NULL AND "status" IN ('open', 'in_progress')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."tickets_queue_idx"`);
    await queryRunner.query(
      `ALTER TABLE "agent_profiles" DROP CONSTRAINT "agent_profiles_user_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_connections" DROP CONSTRAINT "agent_connections_user_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_connections" DROP CONSTRAINT "agent_connections_instance_id_fkey"`,
    );
    await queryRunner.query(`DROP TABLE "agent_profiles"`);
    await queryRunner.query(`DROP TYPE "public"."agent_availability"`);
    await queryRunner.query(`DROP INDEX "public"."agent_connections_user_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."agent_connections_instance_id_idx"`);
    await queryRunner.query(`DROP TABLE "agent_connections"`);
    await queryRunner.query(`DROP TABLE "routing_instances"`);
  }
}
