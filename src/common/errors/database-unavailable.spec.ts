import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from '@/common/errors/database-unavailable';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['an administrator shutdown', withCode('terminating connection', '57P01')],
    ['a connection exception class 08', withCode('connection failure', '08006')],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect', new Error('timeout exceeded when trying to connect')],
  ])('recognises %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('looks through TypeORM to the driver error', () => {
    const error = new QueryFailedError('SELECT 1', [], withCode('gone', '57P01'));
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('dup', '23505'))],
    ['an invalid uuid', new QueryFailedError('SELECT', [], withCode('invalid input', '22P02'))],
    ['a plain error', new Error('Not found')],
    ['a thrown string', 'Connection terminated'],
  ])('does not take %s for an outage', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
