import { type FormEvent, useState } from 'react';
import { useSession } from '../auth/session.tsx';
import { SsoButtons } from '../auth/SsoButtons.tsx';
import { TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';

/**
 * Sign in with a username and password, or with a single sign-on provider; the server sets an HttpOnly session cookie.
 */
export function LoginPage() {
  usePageTitle('Sign in');
  const { signIn, state } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(state.status === 'signed-out' ? state.error : undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username, password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand-large" aria-hidden="true">
          Steward
        </div>
        <h1 id="login-title">Sign in</h1>
        <ProblemMessage error={error} shownFields={['username', 'password']} />
        <SsoButtons />
        <TextField
          label="Username"
          name="username"
          value={username}
          onChange={setUsername}
          error={error}
          autoComplete="username"
          autoFocus
          required
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          error={error}
          autoComplete="current-password"
          required
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
