// Makes users and tokens through the real routes (and the admin route for staff roles).
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import type { TestApp } from '../support/test-app';
import { UsersService } from '@/users/users.service';
import type { Role } from '@/users/user.entity';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  accessToken: string;
  refreshToken: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

/** Creates a user with the given role directly (no route creates admins from nothing) and logs in. */
export async function createUser(
  testApp: Pick<TestApp, 'app' | 'url'>,
  role: Role = 'user',
  overrides: { email?: string; password?: string; fullName?: string } = {},
): Promise<TestUser> {
  const email = overrides.email ?? uniqueEmail(role);
  const password = overrides.password ?? 'correct horse battery';
  const user = await testApp.app.get(UsersService).create({
    email,
    password,
    fullName: overrides.fullName ?? `Test ${role}`,
    role,
  });
  const tokens = await login(testApp.url, email, password);
  return { id: user.id, email: user.email ?? email, password, role, ...tokens };
}

export async function login(
  url: string,
  email: string,
  password: string,
): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await request(url)
    .post('/api/v1/auth/login')
    .send({ email, password })
    .expect(200);
  const body = response.body as { access_token: string; refresh_token: string };
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

export async function setActive(
  t: Pick<TestApp, 'url'>,
  admin: TestUser,
  userId: string,
  active: boolean,
) {
  await request(t.url)
    .patch(`/api/v1/admin/users/${userId}`)
    .set(bearer(admin.accessToken))
    .send({ is_active: active })
    .expect(200);
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
