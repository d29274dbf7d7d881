import { ApiError } from '../api/client.ts';
import { fieldPath, isStale, STALE_MESSAGE } from '../api/problems.ts';

interface Props {
  error: unknown;
  /** Field problems already shown beside their fields are left out of the list here. */
  shownFields?: string[];
  onReload?: () => void;
}

/** An error from the server, in words: the title, the detail, and each field with its rule. */
export function ProblemMessage({ error, shownFields = [], onReload }: Props) {
  if (!error) return null;
  if (isStale(error)) {
    return (
      <div className="alert alert-error" role="alert" data-testid="stale">
        <p>
          <strong>{STALE_MESSAGE}</strong>
        </p>
        {onReload && (
          <button type="button" onClick={onReload}>
            Reload
          </button>
        )}
      </div>
    );
  }
  if (!(error instanceof ApiError)) {
    return (
      <div className="alert alert-error" role="alert">
        <p>{(error as Error).message ?? String(error)}</p>
      </div>
    );
  }
  const claimed = (field: string) =>
    shownFields.some((n) => {
      const p = fieldPath(field);
      return p === n || p.startsWith(`${n}/`);
    });
  const rest = error.fieldProblems.filter((p) => !claimed(p.field));
  return (
    <div className="alert alert-error" role="alert" data-problem={error.code}>
      <p>
        <strong>{error.problem.title}</strong>
        {error.problem.detail && error.problem.detail !== error.problem.title ? ` — ${error.problem.detail}` : ''}
      </p>
      {error.fieldProblems.length > 0 && rest.length === 0 && <p className="muted">See the fields marked below.</p>}
      {rest.length > 0 && (
        <ul className="problems">
          {rest.map((p, i) => (
            <li key={i}>
              <code>{fieldPath(p.field) || p.field}</code> {p.message} <span className="rule">({p.rule})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
