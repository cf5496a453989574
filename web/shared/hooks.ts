// Small Preact hooks over the plain stores (ChatClient, Session): re-render on their changes.
import { useEffect, useState } from 'preact/hooks';

interface Subscribable {
  subscribe(listener: () => void): () => void;
}

/** Re-renders the component whenever `store` announces a change. */
export function useStore(store: Subscribable): void {
  const [, setVersion] = useState(0);
  useEffect(() => store.subscribe(() => setVersion((version) => version + 1)), [store]);
}

/** Re-renders every `ms` while mounted (relative times, expiring typing indicators). */
export function useTick(ms: number): void {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setVersion((version) => version + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
}
