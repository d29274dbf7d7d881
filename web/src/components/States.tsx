import type { ReactNode } from 'react';
import type { Resource } from '../api/use-resource.ts';
import { ProblemMessage } from './ProblemMessage.tsx';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Renders a resource: a loading line, the error with a retry button, or the content. */
export function Loaded<T>({
  resource,
  what,
  children,
}: {
  resource: Resource<T>;
  what?: string;
  children: (data: T) => ReactNode;
}) {
  if (resource.status === 'loading') return <Loading what={what} />;
  if (resource.status === 'error') {
    return (
      <div>
        <ProblemMessage error={resource.error} />
        <button type="button" onClick={resource.reload}>
          Try again
        </button>
      </div>
    );
  }
  return <>{children(resource.data)}</>;
}
