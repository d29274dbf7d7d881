import { useState } from 'react';
import { type CalendarView, calendarsApi } from '../api/calendars.ts';
import { useResource } from '../api/use-resource.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';

type Unit = 'days' | 'working-days' | 'end-of-term';
const unitLabels: Record<Unit, string> = {
  days: 'calendar days',
  'working-days': 'working days',
  'end-of-term': 'terms (0: the end of this term)',
};

/** Try a duration on the calendar: from a day, an amount of a unit, and the date it comes to (asked of the server). */
export function ResolvePreview({ calendar }: { calendar: CalendarView }) {
  const [from, setFrom] = useState(new Date().toISOString().slice(0, 10));
  const [amount, setAmount] = useState('10');
  const [unit, setUnit] = useState<Unit>('working-days');
  const n = Number(amount);
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(from) && Number.isInteger(n);
  const resolved = useResource(
    (signal) =>
      ok
        ? calendarsApi.resolve({ from, amount: n, unit, orgUnit: calendar.orgId ?? undefined }, signal)
        : Promise.resolve(null),
    [from, n, unit, calendar.id, calendar.version],
  );
  return (
    <fieldset data-testid="resolve-preview">
      <legend>Try a duration</legend>
      <div className="row">
        <input type="date" aria-label="From" value={from} onChange={(e) => setFrom(e.target.value)} />
        <input type="number" aria-label="Amount" value={amount} onChange={(e) => setAmount(e.target.value)} />
        <select aria-label="Unit" value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
          {(Object.keys(unitLabels) as Unit[]).map((u) => (
            <option key={u} value={u}>
              {unitLabels[u]}
            </option>
          ))}
        </select>
      </div>
      {resolved.status === 'ready' && resolved.data && (
        <p data-testid="resolved-date">
          Comes to <strong>{resolved.data.date}</strong>
        </p>
      )}
      {resolved.status === 'error' && <ProblemMessage error={resolved.error} />}
    </fieldset>
  );
}
