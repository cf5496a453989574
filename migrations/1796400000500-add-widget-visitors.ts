import { MigrationInterface, QueryRunner } from 'typeorm';

// Widget visitors: accounts a host site identifies by its own id (external_id) and anonymous
// guests (is_guest), neither with a password. Emails stay unique among sign-in accounts only, so
// a visitor's host-given email never collides with, links to or blocks a sign-in account. One
// sequence numbers "Visitor <n>".
export class AddWidgetVisitors1796400000500 implements MigrationInterface {
  name = 'AddWidgetVisitors1796400000500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "external_id" character varying(128)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "is_guest" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."users_email_key"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") WHERE "external_id" IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "users_external_id_key" ON "users"  ("external_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_guest_external_id_check" CHECK (NOT ("is_guest" AND "external_id" IS NOT NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_password_hash_check" CHECK ("password_hash" IS NOT NULL OR "external_id" IS NOT NULL OR "is_guest")`,
    );
    await queryRunner.query(`CREATE SEQUENCE "users_visitor_number_seq"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The old schema cannot hold visitors or guests (no email or password), and deleting them
    // would take their tickets along: refuse instead.
    const [visitors] = (await queryRunner.query(
      `SELECT count(*)::int AS n FROM "users" WHERE "external_id" IS NOT NULL OR "is_guest"`,
    )) as { n: number }[];
    if ((visitors?.n ?? 0) > 0) {
      throw new Error(`${visitors?.n} widget visitors or guests exist; remove them first`);
    }
    await queryRunner.query(`DROP SEQUENCE "users_visitor_number_seq"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "users_password_hash_check"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "users_guest_external_id_check"`);
    await queryRunner.query(`DROP INDEX "public"."users_external_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."users_email_key"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") `);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "is_guest"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "external_id"`);
  }
}
