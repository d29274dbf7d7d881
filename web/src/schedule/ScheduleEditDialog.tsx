import { useState } from 'react';
import { type ScheduledJob, scheduleApi } from '../api/schedule.ts';
import { Dialog } from '../components/Dialog.tsx';
import { TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';

interface Props {
  job: ScheduledJob;
  onClose: () => void;
  onDone: () => void;
}

/** Changes a job's cron expression, time zone and whether it runs; sent with If-Match. */
export function ScheduleEditDialog({ job, onClose, onDone }: Props) {
  const [cron, setCron] = useState(job.cron);
  const [timeZone, setTimeZone] = useState(job.timeZone);
  const [enabled, setEnabled] = useState(job.enabled);
  const { error, busy, submit: save } = useSubmit(() => scheduleApi.update(job, { cron, timeZone, enabled }), onDone);

  return (
    <Dialog open title={`Schedule of ${job.name}`} onClose={onClose}>
      <form onSubmit={save} noValidate>
        <ProblemMessage error={error} shownFields={['cron', 'timeZone']} onReload={onDone} />
        <TextField
          label="Cron expression"
          name="cron"
          value={cron}
          onChange={setCron}
          error={error}
          required
          hint="Five fields: minute hour day-of-month month weekday, e.g. 30 2 * * * for 02:30 every day"
        />
        <TextField
          label="Time zone"
          name="timeZone"
          value={timeZone}
          onChange={setTimeZone}
          error={error}
          required
          hint="An IANA zone such as UTC or Europe/Helsinki"
        />
        <label className="check">
          <input type="checkbox" name="enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Run
          on this schedule
        </label>
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
