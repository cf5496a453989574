// The SLA policy route and a movable application clock (the SLA module reads time from Clock).
import request from 'supertest';
import type { components } from '../../clients/typescript/schema';
import { Clock } from '@/common/clock';
import type { WeekHours } from '@/sla/business-calendar';
import { bearer, TestUser } from './users';
import type { TestApp } from '../support/test-app';

export type SlaPolicyBody = components['schemas']['SlaPolicyResponse'];

export const NO_TARGETS = {
  first_response_minutes: null,
  next_response_minutes: null,
  resolution_minutes: null,
};

/** Monday to Friday, 09:00–17:00. */
export const OFFICE_HOURS = {
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
  sat: [],
  sun: [],
} satisfies WeekHours;

/** PUT /admin/sla as `admin`, expecting `status`. */
export async function putSla(
  t: Pick<TestApp, 'url'>,
  admin: TestUser,
  body: Record<string, unknown>,
  status = 200,
): Promise<request.Response> {
  return request(t.url)
    .put('/api/v1/admin/sla')
    .set(bearer(admin.accessToken))
    .send(body)
    .expect(status);
}

/** The app's clock stands still at `at` until moved again. */
export class FakeClock {
  private now: number;

  constructor(t: Pick<TestApp, 'app'>, at: string) {
    this.now = Date.parse(at);
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(this.now));
  }

  set(at: string): void {
    this.now = Date.parse(at);
  }

  advance(minutes: number): void {
    this.now += minutes * 60_000;
  }

  iso(minutesLater = 0): string {
    return new Date(this.now + minutesLater * 60_000).toISOString();
  }
}
