import { useState } from 'react';
import { type CalendarDefinition, type CalendarView, calendarsApi } from '../api/calendars.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { usePageTitle } from '../layout/use-page-title.ts';
import { CalendarEditor } from './CalendarEditor.tsx';
import { ResolvePreview } from './ResolvePreview.tsx';

const plain: CalendarDefinition = { workingDays: [1, 2, 3, 4, 5], holidays: [], terms: [] };

/** One calendar's label and definition, saved whole with If-Match; refused whole with the field and rule. */
function CalendarForm({ calendar, onSaved }: { calendar: CalendarView; onSaved: () => void }) {
  const user = useUser();
  const [label, setLabel] = useState(calendar.label);
  const [definition, setDefinition] = useState(calendar.definition);
  const { error, busy, submit } = useSubmit(() => calendarsApi.update(calendar, { label, definition }), onSaved);
  const mayEdit = user.abilities['orgs:configure'];
  return (
    <form onSubmit={submit} noValidate data-testid="calendar-form">
      <ProblemMessage
        error={error}
        shownFields={['label', 'definition/workingDays', 'definition/holidays', 'definition/terms']}
        onReload={onSaved}
      />
      <TextField label="Label" name="label" value={label} onChange={setLabel} error={error} required />
      <CalendarEditor value={definition} onChange={setDefinition} error={error} />
      {mayEdit && (
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save calendar'}
          </button>
        </div>
      )}
    </form>
  );
}

/** A new calendar: a permanent name, a label, and the unit whose subtree it covers (none: the whole institution). */
function NewCalendar({ onCreated }: { onCreated: (c: CalendarView) => void }) {
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [orgId, setOrgId] = useState('');
  const { error, busy, submit } = useSubmit(async () =>
    onCreated(await calendarsApi.create({ name, label, orgId: orgId ? Number(orgId) : null, definition: plain })),
  );
  return (
    <form onSubmit={submit} noValidate data-testid="new-calendar">
      <h2>New calendar</h2>
      <ProblemMessage error={error} shownFields={['name', 'label', 'orgId']} />
      <TextField
        label="Name"
        name="name"
        value={name}
        onChange={setName}
        error={error}
        required
        hint="e.g. institution"
      />
      <TextField label="Label" name="label" value={label} onChange={setLabel} error={error} required />
      <TextField
        label="Org unit id"
        name="orgId"
        value={orgId}
        onChange={setOrgId}
        error={error}
        hint="Leave empty for the whole institution; a unit's calendar applies to its subtree"
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add calendar'}
        </button>
      </div>
    </form>
  );
}

/** Institution calendars: working days, public holidays, terms and their breaks, and the date a duration comes to. */
export function CalendarsPage() {
  usePageTitle('Calendars');
  const user = useUser();
  const calendars = useResource((signal) => calendarsApi.list(signal), []);
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <section>
      <div className="page-head">
        <h1>Calendars</h1>
      </div>
      <p className="muted">
        Durations of guest lifecycles may count calendar days, working days or until the end of term; the calendar of a
        unit (or the nearest one above it, else the institution&apos;s) decides.
      </p>
      <Loaded resource={calendars} what="Loading the calendars">
        {(list) => {
          const current = list.find((c) => c.id === selected) ?? list[0] ?? null;
          return (
            <>
              {list.length === 0 ? (
                <Empty>No calendar yet: durations count Monday to Friday and know no terms.</Empty>
              ) : (
                <ul className="tabs" data-testid="calendars">
                  {list.map((c) => (
                    <li key={c.id}>
                      <button type="button" aria-pressed={c.id === current?.id} onClick={() => setSelected(c.id)}>
                        {c.label} <span className="muted">({c.orgCode ?? 'institution'})</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              {current && (
                <CalendarForm key={`${current.id}-${current.version}`} calendar={current} onSaved={calendars.reload} />
              )}
              {current && <ResolvePreview calendar={current} />}
              {user.abilities['orgs:configure'] && (
                <NewCalendar
                  onCreated={(c) => {
                    setSelected(c.id);
                    calendars.reload();
                  }}
                />
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
