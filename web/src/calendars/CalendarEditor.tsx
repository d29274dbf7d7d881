import { useState } from 'react';
import type { CalendarDefinition } from '../api/calendars.ts';
import { FieldProblems } from '../components/FieldProblems.tsx';

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
type Term = CalendarDefinition['terms'][number];
type Period = Term['breaks'][number];

interface Props {
  value: CalendarDefinition;
  onChange: (next: CalendarDefinition) => void;
  error?: unknown;
}

function PeriodInputs({
  period,
  at,
  onChange,
  onRemove,
  what,
}: {
  period: Period;
  at: string;
  onChange: (p: Period) => void;
  onRemove: () => void;
  what: string;
}) {
  return (
    <div className="row" data-period={at}>
      <input
        aria-label={`${what} name`}
        value={period.name}
        onChange={(e) => onChange({ ...period, name: e.target.value })}
      />
      <input
        type="date"
        aria-label={`${what} start`}
        value={period.start}
        onChange={(e) => onChange({ ...period, start: e.target.value })}
      />
      <input
        type="date"
        aria-label={`${what} end`}
        value={period.end}
        onChange={(e) => onChange({ ...period, end: e.target.value })}
      />
      <button type="button" onClick={onRemove}>
        Remove {what.toLowerCase()}
      </button>
    </div>
  );
}

/**
 * Edits a calendar's definition: the working weekdays, the public holidays, and the terms with their breaks. The
 * server checks it whole (no overlapping terms, breaks inside their term, each holiday once) and names the field.
 */
export function CalendarEditor({ value, onChange, error }: Props) {
  const [holiday, setHoliday] = useState({ date: '', name: '' });
  const set = (patch: Partial<CalendarDefinition>) => onChange({ ...value, ...patch });
  const setTerm = (i: number, term: Term) => set({ terms: value.terms.map((t, j) => (j === i ? term : t)) });
  const toggleDay = (day: number) =>
    set({
      workingDays: value.workingDays.includes(day)
        ? value.workingDays.filter((d) => d !== day)
        : [...value.workingDays, day].sort(),
    });
  return (
    <div className="calendar-editor">
      <fieldset>
        <legend>Working days</legend>
        {weekdays.map((name, i) => (
          <label key={name} className="check">
            <input type="checkbox" checked={value.workingDays.includes(i + 1)} onChange={() => toggleDay(i + 1)} />{' '}
            {name}
          </label>
        ))}
        <FieldProblems error={error} name="definition/workingDays" />
      </fieldset>
      <fieldset>
        <legend>Public holidays</legend>
        <ul data-testid="holidays">
          {value.holidays.map((h, i) => (
            <li key={`${h.date}-${i}`}>
              {h.date} {h.name}{' '}
              <button type="button" onClick={() => set({ holidays: value.holidays.filter((_, j) => j !== i) })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        <div className="row">
          <input
            type="date"
            aria-label="Holiday date"
            value={holiday.date}
            onChange={(e) => setHoliday({ ...holiday, date: e.target.value })}
          />
          <input
            aria-label="Holiday name"
            value={holiday.name}
            onChange={(e) => setHoliday({ ...holiday, name: e.target.value })}
          />
          <button
            type="button"
            disabled={!holiday.date || !holiday.name.trim()}
            onClick={() => {
              set({ holidays: [...value.holidays, { date: holiday.date, name: holiday.name.trim() }] });
              setHoliday({ date: '', name: '' });
            }}
          >
            Add holiday
          </button>
        </div>
        <FieldProblems error={error} name="definition/holidays" />
      </fieldset>
      <fieldset>
        <legend>Terms and their breaks</legend>
        {value.terms.map((term, i) => (
          <div key={i} className="term" data-term={i}>
            <PeriodInputs
              what="Term"
              at={`term-${i}`}
              period={term}
              onChange={(p) => setTerm(i, { ...term, ...p })}
              onRemove={() => set({ terms: value.terms.filter((_, j) => j !== i) })}
            />
            {term.breaks.map((b, k) => (
              <PeriodInputs
                key={k}
                what="Break"
                at={`term-${i}-break-${k}`}
                period={b}
                onChange={(p) => setTerm(i, { ...term, breaks: term.breaks.map((x, m) => (m === k ? p : x)) })}
                onRemove={() => setTerm(i, { ...term, breaks: term.breaks.filter((_, m) => m !== k) })}
              />
            ))}
            <button
              type="button"
              onClick={() =>
                setTerm(i, { ...term, breaks: [...term.breaks, { name: 'Break', start: term.start, end: term.start }] })
              }
            >
              Add break
            </button>
            <FieldProblems error={error} name={`definition/terms/${i}`} />
          </div>
        ))}
        <button
          type="button"
          onClick={() => set({ terms: [...value.terms, { name: 'New term', start: '', end: '', breaks: [] }] })}
        >
          Add term
        </button>
      </fieldset>
    </div>
  );
}
