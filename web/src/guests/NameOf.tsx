import { Link } from 'react-router';
import { orgsApi } from '../api/orgs.ts';
import { peopleApi } from '../api/people.ts';
import { useResource } from '../api/use-resource.ts';

/** A person of the registry by name, linked to their page (their id while the name loads or if it cannot be read). */
export function PersonLink({ id, testId }: { id: number | null; testId?: string }) {
  const person = useResource(
    async (signal) => (id === null ? null : (await peopleApi.get(id, signal)).data.displayName),
    [id],
  );
  if (id === null) return <span data-testid={testId}>—</span>;
  return (
    <Link to={`/people/${id}`} data-testid={testId}>
      {person.status === 'ready' && person.data ? person.data : `person ${id}`}
    </Link>
  );
}

/** An org unit as "CODE — Name", linked to its page. */
export function UnitLink({ id, testId }: { id: number | null; testId?: string }) {
  const unit = useResource(async (signal) => (id === null ? null : (await orgsApi.get(id, signal)).data), [id]);
  if (id === null) return <span data-testid={testId}>—</span>;
  return (
    <Link to={`/orgs/${id}`} data-testid={testId}>
      {unit.status === 'ready' && unit.data ? `${unit.data.code} — ${unit.data.name}` : `unit ${id}`}
    </Link>
  );
}
