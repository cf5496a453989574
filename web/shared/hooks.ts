// Small Preact hooks over the plain stores (ChatClient, Session): re-render on their changes.
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';

interface Subscribable {
  subscribe(listener: () => void): () => void;
}

/**
 * Re-renders the component whenever `store` announces a change. Subscribed in a layout effect,
 * which runs as the component is committed: a change announced right after render() (a store
 * started next) is not missed.
 */
export function useStore(store: Subscribable): void {
  const [, setVersion] = useState(0);
  useLayoutEffect(() => store.subscribe(() => setVersion((version) => version + 1)), [store]);
}

/** Re-renders every `ms` while mounted (relative times, expiring typing indicators). */
export function useTick(ms: number): void {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setVersion((version) => version + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
}
