// The TypeORM CLI's entry: `npm run typeorm -- <command>` starts the embedded database first
// when DATABASE_URL is unset and hands its address over in DATABASE_URL.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@/config/config';
import { dataSourceOptions } from '@/database/data-source-options';

const config = loadConfig();
if (config.databaseUrl === undefined) {
  throw new Error('DATABASE_URL is required here; use `npm run typeorm -- <command>`');
}

export default new DataSource(dataSourceOptions(config.databaseUrl, 1));
