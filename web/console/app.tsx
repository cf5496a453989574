// The console's frame: sign-in, the top bar (navigation, presence, notifications), the toasts of
// live announcements, and the screen the route names.
import { useStore } from '@web/shared/hooks';
import { unlockAudio } from '@web/console/alert-sound';
import { href, type Route, useRoute } from '@web/console/router';
import type { Availability, ConsoleStore } from '@web/console/store';
import { AgentsView } from '@web/console/views/agents';
import { ReportsView } from '@web/console/views/reports';
import { SignIn } from '@web/console/views/sign-in';
import { TicketList } from '@web/console/views/ticket-list';
import { TicketView } from '@web/console/views/ticket-view';
import { useState } from 'preact/hooks';

export function ConsoleApp({ store }: { store: ConsoleStore }) {
  useStore(store);
  const route = useRoute();
  if (store.booting) return <p class="page-message">Loading…</p>;
  if (store.me === undefined) return <SignIn store={store} />;
  return (
    <div class="console" onClick={unlockAudio}>
      <TopBar store={store} route={route} />
      <Toasts store={store} />
      <main class="console__main" id="main">
        <Screen store={store} route={route} />
      </main>
    </div>
  );
}

function Screen({ store, route }: { store: ConsoleStore; route: Route }) {
  switch (route.name) {
    case 'queue':
    case 'mine':
    case 'all':
    case 'search':
      return <TicketList store={store} route={route} />;
    case 'ticket':
      return <TicketView key={route.id} store={store} ticketId={route.id} />;
    case 'agents':
      return <AgentsView store={store} />;
    case 'reports':
      return store.isAdmin ? (
        <ReportsView store={store} />
      ) : (
        <p class="page-message">Reports are for admins.</p>
      );
  }
}

const NAV: { route: Route; label: string; admin?: boolean }[] = [
  { route: { name: 'queue' }, label: 'Queue' },
  { route: { name: 'mine' }, label: 'My tickets' },
  { route: { name: 'all' }, label: 'All tickets' },
  { route: { name: 'search', q: '' }, label: 'Search' },
  { route: { name: 'agents' }, label: 'Agents' },
  { route: { name: 'reports' }, label: 'Reports', admin: true },
];

const AVAILABILITIES: { value: Availability; label: string }[] = [
  { value: 'online', label: 'Online' },
  { value: 'away', label: 'Away' },
  { value: 'offline', label: 'Offline' },
];

function TopBar({ store, route }: { store: ConsoleStore; route: Route }) {
  const me = store.myAgent;
  const connection = store.chat?.connection ?? 'connecting';
  const [permission, setPermission] = useState(
    typeof Notification === 'undefined' ? 'denied' : Notification.permission,
  );
  return (
    <header class="topbar">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <span class="topbar__brand">Support console</span>
      <nav aria-label="Sections">
        <ul class="topbar__nav">
          {NAV.filter((item) => !item.admin || store.isAdmin).map((item) => (
            <li key={item.label}>
              <a
                href={href(item.route)}
                aria-current={route.name === item.route.name ? 'page' : undefined}
              >
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="topbar__me">
        {connection !== 'online' && (
          <span class="pill pill--warn" role="status">
            {connection === 'offline' ? 'Reconnecting…' : 'Connecting…'}
          </span>
        )}
        {permission === 'default' && (
          <button
            type="button"
            class="button button--secondary button--small"
            onClick={() => {
              void Notification.requestPermission().then(setPermission);
            }}
          >
            Enable notifications
          </button>
        )}
        <fieldset class="presence" aria-label="Your presence">
          <legend class="sr-only">Your presence</legend>
          {AVAILABILITIES.map(({ value, label }) => (
            <label key={value} class={`presence__option presence__option--${value}`}>
              <input
                type="radio"
                name="availability"
                value={value}
                checked={me?.availability === value}
                onChange={() => void store.setAvailability(value)}
              />
              <span class={`dot dot--${value}`} aria-hidden="true" />
              {label}
            </label>
          ))}
        </fieldset>
        <span class="topbar__name">{store.me?.full_name}</span>
        <button type="button" class="link-button" onClick={() => void store.signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}

function Toasts({ store }: { store: ConsoleStore }) {
  return (
    <div class="toasts" role="status" aria-live="polite">
      {store.toasts.map((toast) => (
        <div key={toast.id} class="toast">
          {toast.ticketId !== undefined ? (
            <a
              href={href({ name: 'ticket', id: toast.ticketId })}
              onClick={() => store.dismiss(toast.id)}
            >
              {toast.text}
            </a>
          ) : (
            <span>{toast.text}</span>
          )}
          <button
            type="button"
            class="icon-button"
            aria-label="Dismiss"
            onClick={() => store.dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
