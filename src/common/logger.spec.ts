import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@/common/logger';

const logFile = () => join(mkdtempSync(join(tmpdir(), 'sts-log-')), 'out.log');

describe('createLogger', () => {
  it('writes JSON lines in the json format', async () => {
    const file = logFile();
    const logger = await createLogger('info', 'json', file);
    logger.info({ ticket: 7 }, 'stored');
    const line: unknown = JSON.parse(readFileSync(file, 'utf8').trim());
    expect(line).toMatchObject({ level: 30, ticket: 7, msg: 'stored' });
  });

  it('writes human-readable lines in the pretty format, still redacting secrets', async () => {
    const file = logFile();
    const logger = await createLogger('info', 'pretty', file);
    logger.info({ body: { password: 'hunter2' } }, 'signed up');
    const text = readFileSync(file, 'utf8');
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(text).toMatch(/INFO.*signed up/);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('hunter2');
  });
});
