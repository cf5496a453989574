// Staff sign in with their account (POST /auth/login); the console keeps the session.
import type { ConsoleStore } from '@web/console/store';
import { useState } from 'preact/hooks';

export function SignIn({ store }: { store: ConsoleStore }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  return (
    <main class="sign-in">
      <form
        class="card sign-in__card"
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          void store.signIn(email.trim(), password).then((failure) => {
            setBusy(false);
            setError(failure);
          });
        }}
      >
        <h1>Support console</h1>
        <label class="field">
          <span>Email</span>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Password</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </label>
        {error !== undefined && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
