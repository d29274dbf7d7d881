import { governanceApi } from '../api/governance.ts';
import type { Why } from '../api/governance-types.ts';
import { useResource } from '../api/use-resource.ts';
import { formatDateTime } from '../components/format.ts';
import { Loaded } from '../components/States.tsx';
import { FACT_WORDS, factValue, KIND_SHORT } from './grace-words.ts';

const FACTS = ['department', 'title', 'statuses', 'supporting'] as const;

function FactsTable({ facts }: { facts: NonNullable<Why['facts']> }) {
  const changed = new Set(facts.differences.map((d) => d.fact));
  return (
    <table data-testid="why-facts">
      <caption className="muted">
        {`At grant (${formatDateTime(facts.recordedAt)}, ${facts.recordedBy}${facts.approvedBy ? `; approved by ${facts.approvedBy}` : ''}) and today`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Fact</th>
          <th scope="col">At grant</th>
          <th scope="col">Today</th>
        </tr>
      </thead>
      <tbody>
        {FACTS.map((f) => (
          <tr key={f} data-fact={f} className={changed.has(f) ? 'changed' : ''}>
            <th scope="row">{FACT_WORDS[f]}</th>
            <td>{factValue(facts.atGrant[f])}</td>
            <td>
              {factValue(facts.today[f])}
              {changed.has(f) && <span className="badge badge-warn"> changed</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function GraceFacts({ grace }: { grace: NonNullable<Why['grace']> }) {
  return (
    <dl className="facts" data-testid="why-grace">
      <dt>What changed</dt>
      <dd data-testid="why-change">{`${FACT_WORDS[grace.fact]}: ${factValue(grace.from)} → ${factValue(grace.to)}`}</dd>
      <dt>Seen</dt>
      <dd>{formatDateTime(grace.seenAt)}</dd>
      <dt>Grace rule</dt>
      <dd data-testid="why-rule">{`${grace.rule.level} level, ${KIND_SHORT[grace.rule.kind]}: ${grace.rule.days} days (policy ${grace.rule.policy})`}</dd>
      <dt>Ends</dt>
      <dd>{formatDateTime(grace.membershipEndsAt)}</dd>
      {grace.previousEnd && (
        <>
          <dt>End before the grace</dt>
          <dd>{formatDateTime(grace.previousEnd)}</dd>
        </>
      )}
      <dt>Notices</dt>
      <dd>
        {grace.notices.length === 0 ? (
          'nobody to tell'
        ) : (
          <ul className="plain" data-testid="why-notices">
            {grace.notices.map((n) => (
              <li key={`${n.personId}-${n.mailId ?? 'none'}`}>
                {`${n.name} (${n.roles.join(', ')})`}{' '}
                <span className="muted">
                  {n.address ?? 'no address'}
                  {n.mailState ? ` — mail ${n.mailState}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}

/**
 * "Why does this membership end on 12 March?": the server's answer in one sentence, then which fact changed, when,
 * from what to what, the grace rule, the notices with their mail, the facts at grant against today's, and the
 * membership's grace history.
 */
export function WhyPanel({ groupId, membershipId }: { groupId: number; membershipId: number }) {
  const why = useResource((signal) => governanceApi.why(groupId, membershipId, signal), [groupId, membershipId]);
  return (
    <Loaded resource={why} what="Loading why">
      {(w) => (
        <div data-testid="why-panel">
          <p data-testid="why-summary">{w.summary}</p>
          {w.hold && (
            <p className="alert alert-warn">{`A mass-loss hold (${w.hold.id}, ${w.hold.state}) covers it.`}</p>
          )}
          {w.grace && <GraceFacts grace={w.grace} />}
          {w.facts && <FactsTable facts={w.facts} />}
          {w.history.length > 0 && (
            <>
              <h3>History</h3>
              <ul className="plain" data-testid="why-history">
                {w.history.map((h, i) => (
                  <li key={i}>
                    <span className="muted">{formatDateTime(h.at)}</span> {h.sentence}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </Loaded>
  );
}
