// Every SQL statement of the search: parsing a query with the recorded text search configuration,
// ranking matching tickets from the three GIN indexes, the page's highlights, and the settings
// row and batched rebuild behind SEARCH_LANGUAGE. The vectors themselves are kept by the triggers
// of migration 1796300000100.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient, QueryResultRow } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { driverPool } from '@/common/pool-read';
import { SqlParams } from '@/common/sql-params';
import { SearchSettings } from '@/search/search-settings.entity';
import { SEARCH_BODY_HIGHLIGHTS_MAX, SEARCH_HEADLINE_OPTIONS } from '@/search/search-limits';
import type { SearchCursor } from '@/search/search-query';
import type { TicketPriority, TicketStatus } from '@/tickets/ticket.entity';

/** Which tickets a search may find: the access scope and the queue's filters. */
export interface SearchFilter {
  /** The owner door's scope (ticketListScope). */
  userId?: string;
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  /** Normalised; a ticket must have all of them. */
  tags?: string[];
  assigneeId?: string;
  /** Notes are staff-only: searched only through the queue door. */
  includeNotes: boolean;
}

export interface RankedTicket {
  ticketId: string;
  /** real::text: exact, so a cursor compares equal to the rank it came from. */
  rank: string;
}

export type HighlightField = 'title' | 'description' | 'message' | 'note';

export interface HighlightRow {
  ticketId: string;
  field: HighlightField;
  /** The message's or note's seq; null for title and description. */
  seq: number | null;
  /** ts_headline's output, still escaped by search_document() (see decodeHeadline). */
  text: string;
}

/** The parsed query: the configuration it was parsed with and its tsquery text ('' when empty). */
export interface ParsedQuery {
  config: string;
  tsquery: string;
}

interface SettingsRow {
  config: string;
  building: string | null;
}

function toSearchSettings(row: SettingsRow): SearchSettings {
  return Object.assign(new SearchSettings(), { id: 1, config: row.config, building: row.building });
}

/** The tables whose vectors a rebuild recomputes, and how each is built (migration functions). */
const REBUILDS = {
  tickets: `search_ticket_vector(search_build_config(), title, description)`,
  ticket_messages: `search_body_vector(search_build_config(), content)`,
  ticket_notes: `search_body_vector(search_build_config(), content)`,
} as const;
export type SearchTable = keyof typeof REBUILDS;
export const SEARCH_TABLES = Object.keys(REBUILDS) as SearchTable[];

/** One read-only transaction on one pooled connection, that a search's statements share. */
export class SearchSession {
  constructor(private readonly client: PoolClient) {}

  async query<T extends QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
    try {
      return (await this.client.query<T>(text, values)).rows;
    } catch (error) {
      // As TypeORM's would, so the problem filter maps them the same way.
      throw new QueryFailedError(text, values, error as Error);
    }
  }
}

@Injectable()
export class SearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in a read-only transaction (one snapshot for the settings row, the ranking and
   * the highlights) without parallel query: a search is an OLTP read, and launching workers
   * costs more than it saves for the few thousand rows one ranks (B10: 15 ms against 2.5 ms for
   * a rare word over 1M messages). The connection is released before `work`'s caller goes on, so
   * it never waits for a second one (the embedded database has one).
   */
  async read<T>(work: (session: SearchSession) => Promise<T>): Promise<T> {
    const client = await driverPool(this.dataSource).connect();
    let release: boolean | Error = false;
    try {
      await client.query('BEGIN READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0');
      const result = await work(new SearchSession(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollback: unknown) => {
        // A broken connection is dropped from the pool rather than handed out again.
        release = rollback instanceof Error ? rollback : new Error(String(rollback));
      });
      throw error;
    } finally {
      client.release(release);
    }
  }

  /** websearch_to_tsquery with the configuration the stored vectors were built with. */
  async parse(session: SearchSession, q: string): Promise<ParsedQuery> {
    const rows = await session.query<ParsedQuery>(
      `SELECT config, websearch_to_tsquery(config::regconfig, $1)::text AS tsquery
         FROM search_settings`,
      [q],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('search_settings is empty: run the migrations');
    return row;
  }

  /**
   * One row per matching ticket, best first: the highest ts_rank among its title/description
   * vector (weights A/B), its messages and (staff) its notes (weight C). Each source is found
   * through its own GIN index; the scope and the filters are checked against tickets; ranks are
   * aggregated per ticket before the sort. One row more than asked tells whether a page
   * follows.
   */
  async rank(
    session: SearchSession,
    tsquery: string,
    filter: SearchFilter,
    after: SearchCursor | undefined,
    limit: number,
  ): Promise<{ items: RankedTicket[]; hasMore: boolean }> {
    const params = new SqlParams();
    const query = `${params.add(tsquery)}::tsquery`;
    const conditions = ticketConditions(filter, params);
    const scoped = conditions.length > 0;
    const where = conditions.join(' AND ');
    // Without a scope or a filter every message's ticket qualifies: no join at all. The owner's
    // few tickets drive a join (their messages through ticket_id). The queue's filters are
    // checked per matching row by primary key instead, a subquery the planner cannot turn into a
    // join: ranking already reads every match, and a hash join would scan all of tickets
    // whenever a filter keeps more than a few percent of them (B10, 3k matching messages of 1M: 110 ms against 20 ms).
    const inScope = (alias: string) => {
      if (!scoped) return '';
      if (filter.userId !== undefined) {
        return ` AND ${alias}.ticket_id IN (SELECT t.id FROM tickets t WHERE ${where})`;
      }
      return ` AND (SELECT ${where} FROM tickets t WHERE t.id = ${alias}.ticket_id)`;
    };
    const sources = [
      `SELECT t.id AS ticket_id, ts_rank(t.search_vector, ${query}) AS rank
         FROM tickets t WHERE t.search_vector @@ ${query}${scoped ? ` AND ${where}` : ''}`,
      `SELECT m.ticket_id, max(ts_rank(m.search_vector, ${query})) AS rank
         FROM ticket_messages m WHERE m.search_vector @@ ${query}${inScope('m')}
        GROUP BY m.ticket_id`,
    ];
    if (filter.includeNotes) {
      sources.push(
        `SELECT n.ticket_id, max(ts_rank(n.search_vector, ${query})) AS rank
           FROM ticket_notes n WHERE n.search_vector @@ ${query}${inScope('n')}
          GROUP BY n.ticket_id`,
      );
    }
    let position = '';
    if (after !== undefined) {
      const rank = `${params.add(after.rank)}::real`;
      position = `WHERE rank < ${rank} OR (rank = ${rank} AND ticket_id > ${params.add(after.id)}::uuid)`;
    }
    const rows = await session.query<{ ticket_id: string; rank_text: string }>(
      `WITH hits AS (${sources.join(' UNION ALL ')}),
            ranked AS (SELECT ticket_id, max(rank) AS rank FROM hits GROUP BY ticket_id)
       SELECT ticket_id, rank::text AS rank_text FROM ranked ${position}
        ORDER BY ranked.rank DESC, ranked.ticket_id
        LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
    return {
      items: rows.slice(0, limit).map((row) => ({ ticketId: row.ticket_id, rank: row.rank_text })),
      hasMore: rows.length > limit,
    };
  }

  /**
   * The page's highlights, ts_headline run on these tickets only: title and description when
   * their part of the vector matches (ts_filter by weight), then the best-ranked few matching
   * messages and (staff) notes of each ticket.
   */
  async highlights(
    session: SearchSession,
    config: string,
    tsquery: string,
    ticketIds: readonly string[],
    includeNotes: boolean,
  ): Promise<HighlightRow[]> {
    if (ticketIds.length === 0) return [];
    const rows = await session.query<{
      ticket_id: string;
      field: HighlightField;
      seq: number | null;
      text: string;
    }>(
      `WITH page AS (SELECT unnest($3::uuid[]) AS ticket_id)
       SELECT t.id AS ticket_id, 'title' AS field, NULL::integer AS seq, 1 AS part, 0::real AS rank,
              ts_headline($1::regconfig, search_document(t.title), $2::tsquery, $4) AS text
         FROM tickets t
        WHERE t.id = ANY($3::uuid[]) AND ts_filter(t.search_vector, '{a}') @@ $2::tsquery
       UNION ALL
       SELECT t.id, 'description', NULL, 2, 0,
              ts_headline($1::regconfig, search_document(t.description), $2::tsquery, $4)
         FROM tickets t
        WHERE t.id = ANY($3::uuid[]) AND ts_filter(t.search_vector, '{b}') @@ $2::tsquery
       UNION ALL
       SELECT page.ticket_id, best.field, best.seq, 3, best.rank,
              ts_headline($1::regconfig, search_document(best.content), $2::tsquery, $4)
         FROM page CROSS JOIN LATERAL (
              SELECT * FROM (
                SELECT 'message' AS field, m.seq, m.content,
                       ts_rank(m.search_vector, $2::tsquery) AS rank
                  FROM ticket_messages m
                 WHERE m.ticket_id = page.ticket_id AND m.search_vector @@ $2::tsquery
                UNION ALL
                SELECT 'note', n.seq, n.content, ts_rank(n.search_vector, $2::tsquery)
                  FROM ticket_notes n
                 WHERE $5 AND n.ticket_id = page.ticket_id AND n.search_vector @@ $2::tsquery
              ) body
              ORDER BY body.rank DESC, body.field, body.seq
              LIMIT $6
         ) best
       ORDER BY ticket_id, part, rank DESC, field, seq`,
      [
        config,
        tsquery,
        ticketIds,
        SEARCH_HEADLINE_OPTIONS,
        includeNotes,
        SEARCH_BODY_HIGHLIGHTS_MAX,
      ],
    );
    return rows.map((row) => ({
      ticketId: row.ticket_id,
      field: row.field,
      seq: row.seq,
      text: row.text,
    }));
  }

  async settings(): Promise<SearchSettings> {
    const rows = await this.dataSource.query<SettingsRow[]>(
      'SELECT config, building FROM search_settings',
    );
    if (rows[0] === undefined) throw new Error('search_settings is empty: run the migrations');
    return toSearchSettings(rows[0]);
  }

  /** The configuration's name as pg_ts_config spells it when one is visible by it, else null. */
  async findConfiguration(name: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT c.cfgname AS name FROM pg_ts_config c
        WHERE c.cfgname = $1 AND pg_ts_config_is_visible(c.oid)`,
      [name],
    );
    return rows[0]?.name ?? null;
  }

  /** Starts (or restarts) a rebuild towards `config`: the triggers build new rows with it now. */
  async startRebuild(config: string): Promise<void> {
    await this.dataSource.query('UPDATE search_settings SET building = $1', [config]);
  }

  /**
   * Recomputes up to `batch` vectors after `afterId` (id order) with the rebuild's target, while
   * the rebuild still aims at `config`; the last id done, or null when the table is finished (or
   * another rebuild took over). Updating only search_vector does not fire the triggers.
   */
  async rebuildBatch(
    table: SearchTable,
    config: string,
    afterId: string | null,
    batch: number,
  ): Promise<string | null> {
    const rows = await this.dataSource.query<[{ id: string }[], number]>(
      `WITH chunk AS (
         SELECT id FROM ${table}
          WHERE ($1::uuid IS NULL OR id > $1::uuid)
            AND (SELECT building FROM search_settings) = $2
          ORDER BY id LIMIT $3
       )
       UPDATE ${table} x SET search_vector = ${REBUILDS[table]}
         FROM chunk WHERE x.id = chunk.id
       RETURNING x.id`,
      [afterId, config, batch],
    );
    const ids = rows[0].map((row) => row.id);
    if (ids.length < batch) return null;
    return ids.reduce((max, id) => (id > max ? id : max));
  }

  /** Makes `config` the recorded one if the rebuild towards it is still the current one. */
  async finishRebuild(config: string): Promise<boolean> {
    const rows = await this.dataSource.query<[unknown[], number]>(
      `UPDATE search_settings SET config = building, building = NULL
        WHERE building = $1 RETURNING config`,
      [config],
    );
    return rows[1] > 0;
  }
}

/** The scope and the queue's filters, as GET /csr/tickets applies them (TicketsRepository). */
function ticketConditions(filter: SearchFilter, params: SqlParams): string[] {
  const conditions: string[] = [];
  if (filter.userId !== undefined) conditions.push(`t.user_id = ${params.add(filter.userId)}`);
  if (filter.statuses !== undefined) {
    conditions.push(`t.status = ANY(${params.add(filter.statuses)}::ticket_status[])`);
  }
  if (filter.priorities !== undefined) {
    conditions.push(`t.priority = ANY(${params.add(filter.priorities)}::ticket_priority[])`);
  }
  if (filter.tags !== undefined) conditions.push(`t.tags @> ${params.add(filter.tags)}::varchar[]`);
  if (filter.assigneeId !== undefined) {
    conditions.push(`t.assigned_to_id = ${params.add(filter.assigneeId)}`);
  }
  return conditions;
}
