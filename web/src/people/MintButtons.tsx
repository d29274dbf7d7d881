import { useState } from 'react';
import { peopleApi } from '../api/people.ts';
import type { MintableKind, Person } from '../api/people-types.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';

const buttons: { kind: MintableKind; label: string }[] = [
  { kind: 'username', label: 'Mint username' },
  { kind: 'email', label: 'Mint email address' },
  { kind: 'id-number', label: 'Mint ID number' },
];

/** Issues a new username, email address or ID number from the configured patterns. */
export function MintButtons({ person, onMinted }: { person: Person; onMinted: () => void }) {
  const [busy, setBusy] = useState<MintableKind | null>(null);
  const [error, setError] = useState<unknown>();
  const [minted, setMinted] = useState<string>();
  const mint = async (kind: MintableKind) => {
    setBusy(kind);
    setError(undefined);
    setMinted(undefined);
    try {
      const minted = await peopleApi.mint(person.id, kind);
      setMinted(`Minted ${minted.value}; it is reserved to ${person.displayName} for good.`);
      onMinted();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div style={{ marginTop: '1rem' }}>
      <div className="row">
        {buttons.map((b) => (
          <button key={b.kind} type="button" className="small" disabled={busy !== null} onClick={() => mint(b.kind)}>
            {busy === b.kind ? 'Minting…' : b.label}
          </button>
        ))}
      </div>
      <div aria-live="polite">
        {minted && (
          <p className="alert alert-ok" style={{ marginTop: '0.6rem' }}>
            {minted}
          </p>
        )}
      </div>
      {error !== undefined && (
        <div style={{ marginTop: '0.6rem' }}>
          <ProblemMessage error={error} onReload={onMinted} />
        </div>
      )}
    </div>
  );
}
