import { type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { snapshotsApi } from '../api/snapshots.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';

type Format = 'csv' | 'jsonl';

function formatOf(file: File | null): Format {
  return file && /\.(jsonl|ndjson|json)$/i.test(file.name) ? 'jsonl' : 'csv';
}

/**
 * Sends a full snapshot file of the source (CSV or JSON lines). It is applied, held by the
 * safety valve, or — as a dry run — only compared; the snapshot's page shows which.
 */
export function SnapshotUpload({ source }: { source: string }) {
  const navigate = useNavigate();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<Format>('csv');
  const [dryRun, setDryRun] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const snapshot = await snapshotsApi.upload(source, file, format, { dryRun });
      navigate(`/snapshots/${snapshot.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Send a snapshot</h2>
      <form onSubmit={submit} noValidate aria-label="Send a snapshot">
        <ProblemMessage error={error} />
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-file`}>Snapshot file</label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
              aria-describedby={`${id}-file-hint`}
              onChange={(e) => {
                const f = e.target.files?.[0] ?? null;
                setFile(f);
                setFormat(formatOf(f));
              }}
            />
            <div className="hint" id={`${id}-file-hint`}>
              every record the source has: CSV with a header row, or one JSON object a line
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-format`}>Format</label>
            <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as Format)}>
              <option value="csv">CSV</option>
              <option value="jsonl">JSON lines</option>
            </select>
          </div>
        </div>
        <div className="field">
          <label className="check" htmlFor={`${id}-dry`}>
            <input id={`${id}-dry`} type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />{' '}
            Dry run: only report what would change
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || !file}>
            {busy ? 'Sending…' : dryRun ? 'Compare' : 'Send snapshot'}
          </button>
        </div>
      </form>
    </section>
  );
}
