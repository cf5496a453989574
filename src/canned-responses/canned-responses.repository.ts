// Every SQL statement on canned responses. Short codes are compared lower-cased, as the unique
// index canned_responses_short_code_key is built.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { SqlParams } from '@/common/sql-params';
import { CannedResponse } from '@/canned-responses/canned-response.entity';

const COLUMNS = 'id, short_code, title, content, created_by, created_at, updated_at';

interface CannedResponseRow {
  id: string;
  short_code: string;
  title: string;
  content: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

function toCannedResponse(row: CannedResponseRow): CannedResponse {
  return Object.assign(new CannedResponse(), {
    id: row.id,
    shortCode: row.short_code,
    title: row.title,
    content: row.content,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

export interface NewCannedResponse {
  shortCode: string;
  title: string;
  content: string;
  createdBy: string;
}

export interface CannedResponsePatch {
  shortCode?: string;
  title?: string;
  content?: string;
}

export interface CannedResponseFilter {
  q?: string;
  limit: number;
  /** Continue after this lower-cased short code. */
  after?: string;
}

/** Thrown out of a write when another canned response has the short code in any letter case. */
export class ShortCodeTaken extends Error {}

const isUniqueViolation = (error: unknown) =>
  error instanceof QueryFailedError &&
  (error.driverError as { code?: string } | undefined)?.code === '23505';

@Injectable()
export class CannedResponsesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Null when the short code is taken (the unique index decides, not a read). */
  async insert(values: NewCannedResponse): Promise<CannedResponse | null> {
    const rows = await this.dataSource.query<CannedResponseRow[]>(
      `INSERT INTO canned_responses (short_code, title, content, created_by)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT ((lower(short_code))) DO NOTHING
       RETURNING ${COLUMNS}`,
      [values.shortCode, values.title, values.content, values.createdBy],
    );
    return rows[0] === undefined ? null : toCannedResponse(rows[0]);
  }

  async findById(id: string): Promise<CannedResponse | null> {
    const rows = await this.dataSource.query<CannedResponseRow[]>(
      `SELECT ${COLUMNS} FROM canned_responses WHERE id = $1`,
      [id],
    );
    return rows[0] === undefined ? null : toCannedResponse(rows[0]);
  }

  /** By short code in any letter case (one probe of the unique index). */
  async findByShortCode(shortCode: string): Promise<CannedResponse | null> {
    const rows = await this.dataSource.query<CannedResponseRow[]>(
      `SELECT ${COLUMNS} FROM canned_responses WHERE lower(short_code) = lower($1)`,
      [shortCode],
    );
    return rows[0] === undefined ? null : toCannedResponse(rows[0]);
  }

  /**
   * Ordered by lower(short_code), which is unique, so it alone is an exact keyset. `q`: a
   * short-code prefix or a part of the title, any letter case, LIKE wildcards taken literally.
   * One row more than asked tells whether another page follows.
   */
  async page(filter: CannedResponseFilter): Promise<{ items: CannedResponse[]; hasMore: boolean }> {
    const params = new SqlParams();
    const conditions: string[] = [];
    if (filter.q !== undefined) {
      const escaped = filter.q.replace(/[\\%_]/g, '\\$&');
      conditions.push(
        `(lower(short_code) LIKE lower(${params.add(`${escaped}%`)}) OR title ILIKE ${params.add(`%${escaped}%`)})`,
      );
    }
    if (filter.after !== undefined) {
      conditions.push(`lower(short_code) > ${params.add(filter.after)}`);
    }
    const where = conditions.length === 0 ? 'TRUE' : conditions.join(' AND ');
    const rows = await this.dataSource.query<CannedResponseRow[]>(
      `SELECT ${COLUMNS} FROM canned_responses WHERE ${where}
        ORDER BY lower(short_code) LIMIT ${params.add(filter.limit + 1)}`,
      params.values,
    );
    return {
      items: rows.slice(0, filter.limit).map(toCannedResponse),
      hasMore: rows.length > filter.limit,
    };
  }

  /** Null when there is no such row; ShortCodeTaken when the new short code is another's. */
  async update(id: string, patch: CannedResponsePatch): Promise<CannedResponse | null> {
    const params = new SqlParams();
    const sets = ['updated_at = now()'];
    if (patch.shortCode !== undefined) sets.push(`short_code = ${params.add(patch.shortCode)}`);
    if (patch.title !== undefined) sets.push(`title = ${params.add(patch.title)}`);
    if (patch.content !== undefined) sets.push(`content = ${params.add(patch.content)}`);
    try {
      const rows = await this.dataSource.query<[CannedResponseRow[], number]>(
        `UPDATE canned_responses SET ${sets.join(', ')} WHERE id = ${params.add(id)}
         RETURNING ${COLUMNS}`,
        params.values,
      );
      const row = rows[0][0];
      return row === undefined ? null : toCannedResponse(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ShortCodeTaken();
      throw error;
    }
  }

  /** Whether a row was deleted. */
  async delete(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM canned_responses WHERE id = $1 RETURNING id`,
      [id],
    );
    return rows[1] > 0;
  }
}
