import type { SourceRecord } from '../api/snapshot-types.ts';
import { formatValidity } from '../components/format.ts';

/** One record a source delivers, in a line: who, as what, where, valid when. */
export function RecordSummary({ record }: { record: SourceRecord }) {
  const name = [record.givenName, record.middleName, record.familyName].filter(Boolean).join(' ');
  const validity = formatValidity(record.validFrom, record.validTo);
  return (
    <span>
      <strong>{name || record.personKey}</strong> <span className="mono muted">{record.personKey}</span>
      {' · '}
      {record.kind} in <span className="mono">{record.orgCode}</span>
      {record.title && <> · {record.title}</>}
      {validity && (
        <>
          {' '}
          · <span className="validity">{validity}</span>
        </>
      )}
      {record.codes && record.codes.length > 0 && (
        <>
          {' '}
          · codes <span className="mono">{record.codes.join('; ')}</span>
        </>
      )}
    </span>
  );
}
