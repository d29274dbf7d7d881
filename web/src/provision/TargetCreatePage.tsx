import { Link, useNavigate } from 'react-router';
import { provisionApi } from '../api/provision.ts';
import { usePageTitle } from '../layout/use-page-title.ts';
import { emptyDraft, inputOf } from './target-draft.ts';
import { TargetForm } from './TargetForm.tsx';

/** A new target: the form, then the target's page (which shows a secret Steward made, once). */
export function TargetCreatePage() {
  usePageTitle('New target');
  const navigate = useNavigate();
  return (
    <section>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/provisioning">Provisioning</Link> / new
      </nav>
      <div className="page-head">
        <h1>New target</h1>
      </div>
      <TargetForm
        initial={emptyDraft}
        creating
        onSave={async (d) => {
          const target = await provisionApi.create(inputOf(d, true));
          navigate(`/provisioning/${encodeURIComponent(target.name)}`, {
            state: target.generatedSecret ? { generatedSecret: target.generatedSecret } : null,
          });
        }}
      />
    </section>
  );
}
