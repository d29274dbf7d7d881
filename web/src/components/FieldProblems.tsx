import { fieldPath, problemsFor } from '../api/problems.ts';

/** Problems the server names under a field (or, `exact`, at the field itself), shown beside a group of controls. */
export function FieldProblems({ error, name, exact = false }: { error: unknown; name: string; exact?: boolean }) {
  const problems = problemsFor(error, name).filter((p) => !exact || fieldPath(p.field) === name);
  if (problems.length === 0) return null;
  return (
    <div className="field-error" role="alert">
      {problems.map((p, i) => (
        <div key={i}>
          {p.message} <span className="rule">({p.rule})</span>
        </div>
      ))}
    </div>
  );
}
