import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { SessionUser } from '../../../src/platform/http/account-schemas.ts';
import { api, ApiError, onUnauthenticated } from '../api/client.ts';

type SessionState =
  { status: 'checking' } | { status: 'signed-out'; error?: unknown } | { status: 'signed-in'; user: SessionUser };

interface Session {
  state: SessionState;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Who is signed in: asked of /auth/me at start, set by sign-in, cleared by sign-out or a 401. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });

  useEffect(() => {
    let live = true;
    api.get<SessionUser>('/auth/me').then(
      (user) => {
        if (live) setState({ status: 'signed-in', user });
      },
      (error: unknown) => {
        if (live)
          setState(
            error instanceof ApiError && error.status === 401
              ? { status: 'signed-out' }
              : { status: 'signed-out', error },
          );
      },
    );
    const off = onUnauthenticated(() => setState({ status: 'signed-out' }));
    return () => {
      live = false;
      off();
    };
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const { user } = await api.post<{ user: SessionUser }>('/auth/login', { username, password });
    setState({ status: 'signed-in', user });
  }, []);

  const signOut = useCallback(async () => {
    // A single sign-on session is ended at its provider too: the server says where to send the browser.
    const answer = await api.post<{ endSessionUrl?: string } | undefined>('/auth/logout');
    setState({ status: 'signed-out' });
    if (answer?.endSessionUrl) window.location.assign(answer.endSessionUrl);
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/**
 * The signed-in user (only inside the signed-in part of the app). Pages show an action when `user.abilities` says the
 * account holds its permission somewhere; the server computes them from the role policy, so no page reads roles.
 */
export function useUser(): SessionUser {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('no signed-in user');
  return state.user;
}
