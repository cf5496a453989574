import { AttemptResult, failureRuns } from '@/webhooks/webhooks.repository';

const result = (endpointId: string, status: AttemptResult['status']): AttemptResult => ({
  deliveryId: `${endpointId}-${Math.random()}`,
  claim: 'c',
  endpointId,
  attemptedAt: new Date(0),
  requestHeaders: {},
  statusCode: status === 'succeeded' ? 200 : 500,
  responseBody: null,
  error: null,
  durationMs: 1,
  status,
  delaySeconds: status === 'pending' ? 5 : null,
});

describe('runs of failed deliveries', () => {
  it.each([
    ['a failure adds one', ['failed'], [{ endpointId: 'a', reset: false, failed: 1 }]],
    ['a retry to come is nothing', ['pending'], []],
    [
      'a success ends the run',
      ['failed', 'succeeded'],
      [{ endpointId: 'a', reset: true, failed: 0 }],
    ],
    [
      'failures after a success start a new run',
      ['succeeded', 'failed', 'failed'],
      [{ endpointId: 'a', reset: true, failed: 2 }],
    ],
  ] as const)('%s', (_name, statuses, expected) => {
    expect(failureRuns(statuses.map((status) => result('a', status)))).toEqual(expected);
  });

  it('counts each endpoint on its own', () => {
    expect(
      failureRuns([result('a', 'failed'), result('b', 'succeeded'), result('a', 'failed')]),
    ).toEqual([
      { endpointId: 'a', reset: false, failed: 2 },
      { endpointId: 'b', reset: true, failed: 0 },
    ]);
  });
});
