import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export type Resource<T> =
  | { status: 'loading'; data?: undefined; error?: undefined; reload: () => void }
  | { status: 'error'; data?: undefined; error: unknown; reload: () => void }
  | { status: 'ready'; data: T; error?: undefined; reload: () => void; refreshing: boolean };

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/**
 * Loads something when the dependencies change (showing "loading" meanwhile) and again on
 * reload() (keeping what is shown until the new answer arrives); aborts superseded requests.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Resource<T> {
  const [state, setState] = useState<{
    status: 'loading' | 'error' | 'ready';
    data?: T;
    error?: unknown;
    refreshing?: boolean;
  }>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const lastDeps = useRef<DependencyList | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const refresh = lastDeps.current !== null && sameDeps(lastDeps.current, deps);
    lastDeps.current = deps;
    setState((s) =>
      refresh && s.status === 'ready' ? { ...s, refreshing: true } : s.status === 'loading' ? s : { status: 'loading' },
    );
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data, refreshing: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [...deps, tick]);
  return { ...state, refreshing: state.refreshing ?? false, reload } as Resource<T>;
}
