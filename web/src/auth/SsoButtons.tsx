import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';

interface SsoProvider {
  name: string;
  label: string;
}

/**
 * "Sign in with …" for each single sign-on provider the server offers (none when it has none). Each is a plain link
 * to the server's start of the sign-in, which sends the browser to the provider and, once back, to this page.
 */
export function SsoButtons() {
  const [providers, setProviders] = useState<SsoProvider[]>([]);
  useEffect(() => {
    let live = true;
    // Without providers, or if the list cannot be read, the password form is all there is.
    api.get<SsoProvider[]>('/auth/oidc/providers').then(
      (list) => live && setProviders(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  if (providers.length === 0) return null;
  const returnTo = encodeURIComponent(`${window.location.pathname}${window.location.search}`);
  return (
    <div className="sso-buttons" aria-label="Single sign-on">
      {providers.map((p) => (
        <a key={p.name} className="button" href={`/auth/oidc/${encodeURIComponent(p.name)}/start?returnTo=${returnTo}`}>
          Sign in with {p.label}
        </a>
      ))}
      <p className="sso-or">or with a Steward password</p>
    </div>
  );
}
