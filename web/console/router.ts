// Hash routes (#/queue, #/tickets/<id>, …): the API serves one page for /console, and a reload
// or a shared link lands on the same screen.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'queue' }
  | { name: 'mine' }
  | { name: 'all' }
  | { name: 'search'; q: string }
  | { name: 'ticket'; id: string }
  | { name: 'agents' }
  | { name: 'reports' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/');
  switch (parts[0]) {
    case 'mine':
      return { name: 'mine' };
    case 'all':
      return { name: 'all' };
    case 'search':
      return { name: 'search', q: new URLSearchParams(query).get('q') ?? '' };
    case 'tickets':
      return parts[1] ? { name: 'ticket', id: decodeURIComponent(parts[1]) } : { name: 'all' };
    case 'agents':
      return { name: 'agents' };
    case 'reports':
      return { name: 'reports' };
    default:
      return { name: 'queue' };
  }
}

export function href(route: Route): string {
  switch (route.name) {
    case 'search':
      return `#/search?${new URLSearchParams({ q: route.q }).toString()}`;
    case 'ticket':
      return `#/tickets/${encodeURIComponent(route.id)}`;
    default:
      return `#/${route.name}`;
  }
}

export function navigate(route: Route): void {
  location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
