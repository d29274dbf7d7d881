import { useState } from 'react';
import { type RunReport, type ScheduledJob, scheduleApi } from '../api/schedule.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDateTime } from '../components/format.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { ScheduleEditDialog } from './ScheduleEditDialog.tsx';

function lastRun(job: ScheduledJob): string {
  if (!job.lastOutcome) return 'never';
  const failures = job.failures > 1 ? ` (${job.failures} in a row)` : '';
  return `${job.lastOutcome} ${formatDateTime(job.lastFinishedAt)}${failures}`;
}

/** Scheduled jobs: schedule, next and last run; administrators change a schedule or run a job now. */
export function SchedulePage() {
  usePageTitle('Scheduled jobs');
  const user = useUser();
  const jobs = useResource((signal) => scheduleApi.list(signal), []);
  const [editing, setEditing] = useState<ScheduledJob | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [report, setReport] = useState<RunReport | null>(null);
  const [error, setError] = useState<unknown>();

  const run = async (name: string) => {
    setRunning(name);
    setReport(null);
    setError(undefined);
    try {
      setReport(await scheduleApi.run(name));
    } catch (err) {
      setError(err);
    } finally {
      setRunning(null);
      jobs.reload();
    }
  };

  return (
    <section>
      <div className="page-head">
        <h1>Scheduled jobs</h1>
      </div>
      <p className="muted">
        Jobs run by whichever Steward process holds the sweep lock; a run missed while Steward was down happens once
        when it returns, and a failed run is retried after a growing pause.
      </p>
      <ProblemMessage error={error} />
      {report && (
        <div
          className={`alert ${report.outcome === 'succeeded' ? 'alert-ok' : 'alert-error'}`}
          role="status"
          data-testid="run-report"
        >
          {report.job} {report.outcome}
          {report.error ? `: ${report.error}` : ''}
        </div>
      )}
      <Loaded resource={jobs} what="Loading the scheduled jobs">
        {(list) =>
          list.length === 0 ? (
            <Empty>No jobs.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="jobs">
                <thead>
                  <tr>
                    <th scope="col">Job</th>
                    <th scope="col">Schedule</th>
                    <th scope="col">Next run</th>
                    <th scope="col">Last run</th>
                    {user.abilities['schedule:configure'] && (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {list.map((j) => (
                    <tr key={j.name} data-job={j.name}>
                      <td>
                        <span className="mono">{j.name}</span>
                        <div className="muted">{j.description}</div>
                      </td>
                      <td className="mono">
                        {j.cron} <span className="muted">{j.timeZone}</span>
                        {!j.enabled && (
                          <div>
                            <strong>disabled</strong>
                          </div>
                        )}
                      </td>
                      <td>{j.nextRunAt ? formatDateTime(j.nextRunAt) : '—'}</td>
                      <td>
                        {lastRun(j)}
                        {j.lastError && <div className="field-error">{j.lastError}</div>}
                      </td>
                      {user.abilities['schedule:configure'] && (
                        <td>
                          <button type="button" onClick={() => setEditing(j)}>
                            Edit…
                          </button>{' '}
                          <button type="button" onClick={() => run(j.name)} disabled={running !== null}>
                            {running === j.name ? 'Running…' : 'Run now'}
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {editing && (
        <ScheduleEditDialog
          job={editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            jobs.reload();
          }}
        />
      )}
    </section>
  );
}
