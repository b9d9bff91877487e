import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

const isOnline = () => navigator.onLine;

/**
 * Whether the browser thinks it is online, kept current. useSyncExternalStore reads it again once it listens: a
 * change between the first render and the subscription (the popup goes offline while React loads) is not missed.
 */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, isOnline);
}
