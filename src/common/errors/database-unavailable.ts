// Whether an error means the database itself is gone (refused, lost, restarting), as opposed to a
// statement that failed. HTTP answers it 503 + Retry-After; the chat writer and gateway use it to
// tell an outage from a bad row.

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused|the database system is (starting|shutting) up/i;

/** Lost or refused database connections (SQLSTATE class 08, admin shutdown, socket errors). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const driverError = (error as { driverError?: unknown }).driverError;
  const candidates = [error, driverError instanceof Error ? driverError : undefined];
  return candidates.some((candidate) => {
    if (candidate === undefined) return false;
    const code = (candidate as { code?: unknown }).code;
    return (
      (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) ||
      UNAVAILABLE_MESSAGE.test(candidate.message)
    );
  });
}
