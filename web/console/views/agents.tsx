// Every active agent: presence (live from the socket's `presence` events), load against
// capacity, and the categories they take.
import { formatRelative } from '@web/shared/format';
import { useStore, useTick } from '@web/shared/hooks';
import type { ConsoleStore } from '@web/console/store';

const PRESENCE_LABEL = { online: 'Online', away: 'Away', offline: 'Offline' } as const;

export function AgentsView({ store }: { store: ConsoleStore }) {
  useStore(store);
  useTick(30_000);
  const agents = [...store.agents].sort(
    (a, b) => order(a.presence) - order(b.presence) || a.full_name.localeCompare(b.full_name),
  );
  return (
    <section class="list" aria-labelledby="agents-title">
      <h1 id="agents-title">Agents</h1>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Presence</th>
            <th scope="col">Load</th>
            <th scope="col">Categories</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => (
            <tr key={agent.id} data-agent={agent.id}>
              <td>
                {agent.full_name}
                {agent.role === 'admin' && <span class="muted"> (admin)</span>}
              </td>
              <td>
                <span class={`dot dot--${agent.presence}`} aria-hidden="true" />
                {PRESENCE_LABEL[agent.presence]}
                {agent.presence === 'offline' && agent.availability !== 'offline' && (
                  <span class="muted"> (not connected)</span>
                )}
              </td>
              <td>
                <LoadBar load={agent.load} capacity={agent.capacity} />
              </td>
              <td>{agent.categories.length === 0 ? 'All' : agent.categories.join(', ')}</td>
              <td>{agent.last_seen_at === null ? '—' : formatRelative(agent.last_seen_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function order(presence: string): number {
  return presence === 'online' ? 0 : presence === 'away' ? 1 : 2;
}

function LoadBar({ load, capacity }: { load: number; capacity: number | null }) {
  if (capacity === null) return <span>{load} (no limit)</span>;
  const share = Math.min(1, load / Math.max(capacity, 1));
  return (
    <span class="load">
      <svg class="load__bar" viewBox="0 0 100 10" width="100" height="10" aria-hidden="true">
        <rect x="0" y="0" width="100" height="10" rx="3" class="load__track" />
        <rect
          x="0"
          y="0"
          width={Math.round(share * 100)}
          height="10"
          rx="3"
          class={share >= 1 ? 'load__fill load__fill--full' : 'load__fill'}
        />
      </svg>
      {load} of {capacity}
    </span>
  );
}
