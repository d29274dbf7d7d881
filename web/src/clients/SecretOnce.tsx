import { useState } from 'react';
import type { CreatedDecisionClient } from '../api/decision-clients.ts';

interface Props {
  created: CreatedDecisionClient;
  /** A new client, or a new secret for one that exists. */
  rotated: boolean;
  onDone: () => void;
}

/**
 * A client's secret, shown this once (Steward keeps only its hash): the id and the secret, a copy button and the
 * warning; gone when the administrator says they have it or leaves the page.
 */
export function SecretOnce({ created, rotated, onDone }: Props) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(created.clientSecret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  return (
    <div className="alert alert-warn" role="status" data-testid="client-secret">
      <p>
        <strong>
          {rotated ? 'New secret' : 'Secret'} of <span className="mono">{created.clientId}</span>:
        </strong>{' '}
        <code className="mono" data-testid="secret-value">
          {created.clientSecret}
        </code>{' '}
        <button type="button" onClick={copy}>
          Copy secret
        </button>{' '}
        {copied === 'yes' && <span role="status">Copied.</span>}
        {copied === 'failed' && <span role="status">Could not copy: select the secret and copy it.</span>}
      </p>
      <p>
        Copy it now: it is shown this once and cannot be shown again (Steward keeps only a hash). Whoever holds it may
        ask access decisions{created.client.applications ? ` about ${created.client.applications.join(', ')}` : ''}.
        {rotated && ' The old secret and the tokens issued with it no longer work.'}
      </p>
      <p className="muted">
        The program sends the client id and secret with HTTP Basic to <code>POST /check</code>, or exchanges them at{' '}
        <code>POST /oauth/token</code> (grant_type=client_credentials) for an access token.
      </p>
      <button type="button" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}
