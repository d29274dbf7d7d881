import { type FormEvent, useState } from 'react';
import type { Source } from '../api/source-types.ts';
import { sourcesApi } from '../api/sources.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { inPercent } from './format.ts';
import { draftOf, SourceFields, sourceFieldNames, settingsOf } from './SourceFields.tsx';

interface Props {
  source: Source;
  etag: string;
  onClose: () => void;
  onDone: () => void;
  onReload: () => void;
}

/** Changes a source's settings; sent with If-Match, so a concurrent edit answers 412. */
export function SourceEditDialog({ source, etag, onClose, onDone, onReload }: Props) {
  const [draft, setDraft] = useState(() => draftOf(source));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await sourcesApi.update(source.name, settingsOf(draft), etag);
      onDone();
    } catch (err) {
      setError(inPercent(err));
      setBusy(false);
    }
  };

  return (
    <Dialog open title={`Edit ${source.label}`} onClose={onClose}>
      <form onSubmit={save} noValidate>
        <ProblemMessage error={error} shownFields={sourceFieldNames} onReload={onReload} />
        <SourceFields draft={draft} onChange={setDraft} error={error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
