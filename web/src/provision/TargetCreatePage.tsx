import { useNavigate } from 'react-router';
import { provisionApi } from '../api/provision.ts';
import { PageHead } from '../components/PageHead.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { emptyDraft, inputOf } from './target-draft.ts';
import { TargetForm } from './TargetForm.tsx';

/** A new target: the form, then the target's page (which shows a secret Steward made, once). */
export function TargetCreatePage() {
  usePageTitle('New target');
  const navigate = useNavigate();
  return (
    <section>
      <PageHead title="New target" parent={{ to: '/provisioning', label: 'Provisioning', here: 'new' }} />
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
