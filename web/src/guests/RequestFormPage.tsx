import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  type DuplicateHint,
  guestRequestsApi,
  type RequestOptions,
  type RequestableType,
} from '../api/guest-requests.ts';
import { useResource } from '../api/use-resource.ts';
import { Field, TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Loaded } from '../components/States.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { usePageTitle } from '../layout/use-page-title.ts';
import { addDays } from '../../../src/platform/dates.ts';
import { DefaultStay } from '../calendars/DefaultStay.tsx';

const serviceLabels: Record<string, string> = {
  'id-card': 'ID card',
  'it-account': 'IT account (username and email)',
  email: 'Email',
};
const FIELDS = [
  'type',
  'givenName',
  'familyName',
  'email',
  'birthDate',
  'personId',
  'hostOrgId',
  'reason',
  'services',
  'validFrom',
  'validTo',
];

/** Likely existing people for the names typed, asked for once typing pauses; the guarantor may pick one. */
function useHints(givenName: string, familyName: string, email: string, birthDate: string) {
  const [hints, setHints] = useState<DuplicateHint[]>([]);
  useEffect(() => {
    if (givenName.trim().length < 2 || familyName.trim().length < 2) {
      setHints([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      guestRequestsApi
        .hints({ givenName, familyName, email: email.trim() || undefined, birthDate: birthDate || null })
        .then(
          (h) => live && setHints(h),
          () => live && setHints([]),
        );
    }, 350);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [givenName, familyName, email, birthDate]);
  return hints;
}

function DuplicateHints({
  hints,
  chosen,
  onChoose,
}: {
  hints: DuplicateHint[];
  chosen: number | null;
  onChoose: (id: number | null) => void;
}) {
  if (hints.length === 0) return null;
  return (
    <fieldset className="card" data-testid="duplicate-hints">
      <legend>Is the visitor already known?</legend>
      <p className="muted">
        These people are in the registry already. If one of them is your visitor, pick them so no second record is made.
      </p>
      {hints.map((h) => (
        <label key={h.personId} className="row" data-person={h.personId}>
          <input
            type="radio"
            name="same-person"
            checked={chosen === h.personId}
            onChange={() => onChoose(h.personId)}
          />
          <span>
            This is the same person: <strong>{h.displayName}</strong>
            {h.birthYear ? ` (born ${h.birthYear})` : ''} <span className="reasons">— {h.reasons.join(', ')}</span>
            {h.currentGuest.length > 0 && <span className="badge badge-warn">{h.currentGuest.join('; ')}</span>}
          </span>
        </label>
      ))}
      <label className="row">
        <input type="radio" name="same-person" checked={chosen === null} onChange={() => onChoose(null)} />
        <span>None of these: a new person</span>
      </label>
    </fieldset>
  );
}

function RequestForm({ options }: { options: RequestOptions }) {
  const navigate = useNavigate();
  const [typeName, setTypeName] = useState(options.types[0]?.name ?? '');
  const type: RequestableType | undefined = options.types.find((t) => t.name === typeName);
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [email, setEmail] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [personId, setPersonId] = useState<number | null>(null);
  const [unitFilter, setUnitFilter] = useState('');
  const [hostOrgId, setHostOrgId] = useState('');
  const [reason, setReason] = useState('');
  const [services, setServices] = useState<RequestableType['services']>([]);
  const [validFrom, setValidFrom] = useState(options.today);
  const [validTo, setValidTo] = useState('');
  const hints = useHints(givenName, familyName, email, birthDate);
  useEffect(() => {
    if (personId !== null && !hints.some((h) => h.personId === personId)) setPersonId(null);
  }, [hints, personId]);
  const units = useMemo(() => {
    const inside = options.units.filter((u) => !type?.orgSubtreePath || u.path.startsWith(type.orgSubtreePath));
    const q = unitFilter.trim().toLowerCase();
    return q
      ? inside.filter(
          (u) => u.code.toLowerCase().includes(q) || u.name.toLowerCase().includes(q) || String(u.id) === hostOrgId,
        )
      : inside;
  }, [options.units, type, unitFilter, hostOrgId]);
  const latest = type && validFrom ? addDays(validFrom, type.maxDays - 1) : null;
  const { error, busy, submit } = useSubmit(
    async () => {
      const r = await guestRequestsApi.submit({
        type: typeName,
        ...(personId ? { personId } : { givenName, familyName, email, birthDate: birthDate || null }),
        hostOrgId: hostOrgId ? Number(hostOrgId) : null,
        reason: reason || null,
        services,
        validFrom,
        validTo,
      });
      navigate(`/guests/requests/${r.id}`);
    },
    () => undefined,
  );
  const toggle = (s: RequestableType['services'][number]) =>
    setServices((now) => (now.includes(s) ? now.filter((x) => x !== s) : [...now, s]));
  return (
    <form onSubmit={submit} noValidate>
      <ProblemMessage error={error} shownFields={FIELDS} />
      <Field label="Guest type" name="type" error={error}>
        {(c) => (
          <select
            {...c}
            value={typeName}
            onChange={(e) => {
              setTypeName(e.target.value);
              setReason('');
              setServices([]);
            }}
          >
            {options.types.map((t) => (
              <option key={t.name} value={t.name}>
                {t.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-grid">
        <TextField
          label="Given name"
          name="givenName"
          value={givenName}
          onChange={setGivenName}
          error={error}
          required
        />
        <TextField
          label="Family name"
          name="familyName"
          value={familyName}
          onChange={setFamilyName}
          error={error}
          required
        />
        <TextField
          label="Email"
          name="email"
          type="email"
          value={email}
          onChange={setEmail}
          error={error}
          hint="Where the visitor's notices go"
        />
        <TextField
          label="Birth date (optional)"
          name="birthDate"
          type="date"
          value={birthDate}
          onChange={setBirthDate}
          error={error}
        />
      </div>
      <DuplicateHints hints={hints} chosen={personId} onChoose={setPersonId} />
      <div className="form-grid">
        <Field
          label="Find a department"
          name="unitFilter"
          hint={type?.orgSubtree ? `Departments under ${type.orgSubtree}` : undefined}
        >
          {(c) => (
            <input
              {...c}
              type="search"
              value={unitFilter}
              onChange={(e) => setUnitFilter(e.target.value)}
              placeholder="code or name"
            />
          )}
        </Field>
        <Field label="Department visited" name="hostOrgId" error={error}>
          {(c) => (
            <select {...c} value={hostOrgId} onChange={(e) => setHostOrgId(e.target.value)}>
              <option value="">Choose a department…</option>
              {units.slice(0, 300).map((u) => (
                <option key={u.id} value={u.id}>{`${u.code} — ${u.name}`}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Reason" name="reason" error={error}>
        {(c) => (
          <select {...c} value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">Choose a reason…</option>
            {(type?.reasons ?? []).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </Field>
      {type && type.services.length > 0 && (
        <fieldset className="field" data-field="services">
          <legend className="label">Services needed</legend>
          {type.services.map((s) => (
            <label key={s} className="row">
              <input type="checkbox" name={`service-${s}`} checked={services.includes(s)} onChange={() => toggle(s)} />{' '}
              {serviceLabels[s] ?? s}
            </label>
          ))}
        </fieldset>
      )}
      <div className="form-grid">
        <TextField
          label="Valid from"
          name="validFrom"
          type="date"
          value={validFrom}
          onChange={setValidFrom}
          error={error}
          required
        />
        <TextField
          label="Valid to"
          name="validTo"
          type="date"
          value={validTo}
          onChange={setValidTo}
          error={error}
          required
          hint={latest ? `At most ${type!.maxDays} days: the latest valid-to is ${latest}` : undefined}
        />
      </div>
      {type && (
        <DefaultStay
          defaultDays={type.defaultDays}
          defaultUnit={type.defaultUnit}
          validFrom={validFrom}
          hostOrgId={hostOrgId}
          onUse={setValidTo}
        />
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Submitting…' : 'Submit request'}
        </button>
      </div>
    </form>
  );
}

/**
 * The self-service request form: the signed-in staff member asks for a visitor and is its guarantor (issue 3, story 1).
 */
export function RequestFormPage() {
  usePageTitle('New guest request');
  const options = useResource((signal) => guestRequestsApi.options(signal), []);
  return (
    <section>
      <div className="page-head">
        <h1>New guest request</h1>
      </div>
      <p className="muted">You are the guarantor: you vouch for the visitor and hear about each decision.</p>
      <Loaded resource={options} what="Loading the guest types">
        {(o) => <RequestForm options={o} />}
      </Loaded>
    </section>
  );
}
