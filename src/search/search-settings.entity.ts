import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The one row saying which text search configuration the search vectors are built with. Queries
 * use `config`; while a rebuild runs, `building` is its target, which the triggers already use for
 * new rows (search_build_config()).
 */
@Entity('search_settings')
@Check('search_settings_one_row', '"id" = 1')
export class SearchSettings {
  @PrimaryColumn({ type: 'smallint', default: 1, primaryKeyConstraintName: 'search_settings_pkey' })
  id!: number;

  @Column({ type: 'varchar', length: 63 })
  config!: string;

  @Column({ type: 'varchar', length: 63, nullable: true })
  building!: string | null;
}
