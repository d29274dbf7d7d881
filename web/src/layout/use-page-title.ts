import { useEffect, useSyncExternalStore } from 'react';

let current = '';
const listeners = new Set<() => void>();

/** Sets the document title, so tabs, history and screen readers name the page; the breadcrumb ends with it. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Steward` : 'Steward';
    current = title;
    for (const l of listeners) l();
  }, [title]);
}

/** The title the page on show set (for the breadcrumb). */
export function useCurrentTitle(): string {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => current,
  );
}
