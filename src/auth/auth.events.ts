// Published after commit when credentials stop being valid, so live sockets can be cut too.
export const SESSIONS_REVOKED = 'auth.sessions_revoked';
export const USER_ACCESS_CHANGED = 'auth.user_access_changed';

/** Logout or refresh-token reuse ended these sessions. */
export interface SessionsRevokedEvent {
  sessionIds: string[];
}

/** A user was deactivated or changed role: whatever they hold was granted under the old state. */
export interface UserAccessChangedEvent {
  userId: string;
}
