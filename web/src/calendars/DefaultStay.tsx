import { calendarsApi } from '../api/calendars.ts';
import { useResource } from '../api/use-resource.ts';

interface Props {
  defaultDays: number | null;
  defaultUnit: 'days' | 'working-days' | 'end-of-term';
  validFrom: string;
  hostOrgId: string;
  onUse: (date: string) => void;
}

const words = (n: number, unit: Props['defaultUnit']) =>
  unit === 'end-of-term'
    ? n === 1
      ? 'until the end of term'
      : `until the end of the term ${n - 1} after this one`
    : `${n} ${unit === 'days' ? 'days' : 'working days'}`;

/**
 * The date a guest type's default stay comes to from valid-from, on the calendar of the chosen department (asked of
 * the server, which counts working days and terms), with a button to take it as valid-to.
 */
export function DefaultStay({ defaultDays, defaultUnit, validFrom, hostOrgId, onUse }: Props) {
  const ok = defaultDays !== null && /^\d{4}-\d{2}-\d{2}$/.test(validFrom);
  const resolved = useResource(
    (signal) =>
      ok
        ? calendarsApi.resolve(
            {
              from: validFrom,
              amount: defaultDays! - 1,
              unit: defaultUnit,
              orgUnit: hostOrgId ? Number(hostOrgId) : undefined,
            },
            signal,
          )
        : Promise.resolve(null),
    [ok, validFrom, defaultDays, defaultUnit, hostOrgId],
  );
  if (!ok) return null;
  return (
    <p className="hint" data-testid="default-stay">
      Default stay: {words(defaultDays!, defaultUnit)}
      {resolved.status === 'ready' && resolved.data && (
        <>
          , until <strong data-testid="default-stay-date">{resolved.data.date}</strong>{' '}
          <button type="button" onClick={() => onUse(resolved.data!.date)}>
            Use as valid-to
          </button>
        </>
      )}
      {resolved.status === 'error' && ' (no date: the calendar has no term that far)'}
    </p>
  );
}
