import { MigrationInterface, QueryRunner } from 'typeorm';

// Full-text search: a stored, GIN-indexed tsvector on tickets (title A, description B), messages
// and notes (both C), kept by BEFORE triggers that read the text search configuration from the
// one-row search_settings table. Built here with 'simple'; SearchLanguageService rebuilds them at
// startup when SEARCH_LANGUAGE names another configuration.
//
// search_document() neutralises '<' before parsing: the default parser reads `<b>` as an HTML tag,
// which to_tsvector ignores and ts_headline deletes, but our texts are plain text. '<' becomes
// U+E000 U+E002 and U+E000 itself U+E000 U+E001 (a reversible escape the search module decodes
// from ts_headline's output); both are non-word characters, so the words stay the same.
export class AddSearchVectors1796300000100 implements MigrationInterface {
  name = 'AddSearchVectors1796300000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "search_settings" ("id" smallint NOT NULL DEFAULT 1, "config" character varying(63) NOT NULL, "building" character varying(63), CONSTRAINT "search_settings_one_row" CHECK ("id" = 1), CONSTRAINT "search_settings_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "search_settings" ("config") VALUES ('simple')`);

    await queryRunner.query(
      `CREATE FUNCTION search_document(body text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
       RETURN replace(replace(body, U&'\\E000', U&'\\E000\\E001'), '<', U&'\\E000\\E002')`,
    );
    // The configuration new vectors are built with: a rebuild's target while one runs.
    await queryRunner.query(
      `CREATE FUNCTION search_build_config() RETURNS regconfig LANGUAGE sql STABLE PARALLEL SAFE
       RETURN (SELECT coalesce(building, config)::regconfig FROM search_settings)`,
    );
    await queryRunner.query(
      `CREATE FUNCTION search_ticket_vector(cfg regconfig, title text, description text)
       RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
       RETURN setweight(to_tsvector(cfg, search_document(title)), 'A')
           || setweight(to_tsvector(cfg, search_document(description)), 'B')`,
    );
    await queryRunner.query(
      `CREATE FUNCTION search_body_vector(cfg regconfig, content text)
       RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
       RETURN setweight(to_tsvector(cfg, search_document(content)), 'C')`,
    );

    await queryRunner.query(
      `CREATE FUNCTION tickets_search_vector_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW.search_vector := search_ticket_vector(search_build_config(), NEW.title, NEW.description);
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION search_body_vector_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW.search_vector := search_body_vector(search_build_config(), NEW.content);
         RETURN NEW;
       END $$`,
    );

    for (const [table, build] of [
      ['tickets', `search_ticket_vector('simple', "title", "description")`],
      ['ticket_messages', `search_body_vector('simple', "content")`],
      ['ticket_notes', `search_body_vector('simple', "content")`],
    ] as const) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "search_vector" tsvector`);
      await queryRunner.query(`UPDATE "${table}" SET "search_vector" = ${build}`);
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "search_vector" SET NOT NULL`);
      await queryRunner.query(
        `CREATE INDEX "${table}_search_vector_idx" ON "${table}" USING gin ("search_vector")`,
      );
    }
    await queryRunner.query(
      `CREATE TRIGGER "tickets_search_vector" BEFORE INSERT OR UPDATE OF "title", "description"
       ON "tickets" FOR EACH ROW EXECUTE FUNCTION tickets_search_vector_trigger()`,
    );
    for (const table of ['ticket_messages', 'ticket_notes']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_search_vector" BEFORE INSERT OR UPDATE OF "content"
         ON "${table}" FOR EACH ROW EXECUTE FUNCTION search_body_vector_trigger()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['ticket_notes', 'ticket_messages', 'tickets']) {
      await queryRunner.query(`DROP TRIGGER "${table}_search_vector" ON "${table}"`);
      await queryRunner.query(`DROP INDEX "public"."${table}_search_vector_idx"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "search_vector"`);
    }
    await queryRunner.query(`DROP FUNCTION search_body_vector_trigger()`);
    await queryRunner.query(`DROP FUNCTION tickets_search_vector_trigger()`);
    await queryRunner.query(`DROP FUNCTION search_body_vector(regconfig, text)`);
    await queryRunner.query(`DROP FUNCTION search_ticket_vector(regconfig, text, text)`);
    await queryRunner.query(`DROP FUNCTION search_build_config()`);
    await queryRunner.query(`DROP FUNCTION search_document(text)`);
    await queryRunner.query(`DROP TABLE "search_settings"`);
  }
}
