import { useState } from 'react';
import { type HistoryFilter, type LoanView, loansApi } from '../api/loans.ts';
import { useResource } from '../api/use-resource.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { LendDialog } from './LendDialog.tsx';
import { RenewDialog } from './RenewDialog.tsx';

const when = (iso: string | null) => (iso === null ? '' : new Date(iso).toLocaleString());
const borrowerOf = (l: LoanView) => l.borrowerName ?? (l.borrowerPersonId ? `person ${l.borrowerPersonId}` : '');

/**
 * Temporary accounts (issue 3, story 6): the pools, lending, current loans with renew and return, and who had which
 * account when.
 */
export function LoansPage() {
  usePageTitle('Temporary accounts');
  const pools = useResource((signal) => loansApi.pools(signal), []);
  const open = useResource((signal) => loansApi.open(signal), []);
  const [filter, setFilter] = useState<HistoryFilter>({ borrower: '', accountId: null, orgId: null });
  const history = useResource(
    (signal) => loansApi.history(filter, signal),
    [filter.borrower, filter.accountId, filter.orgId],
  );
  const accounts = useResource((signal) => loansApi.accounts(signal), []);
  const [lendFor, setLendFor] = useState<string | null>(null);
  const [renewing, setRenewing] = useState<LoanView | null>(null);
  const [actionError, setActionError] = useState<unknown>();
  const reloadAll = () => {
    pools.reload();
    open.reload();
    history.reload();
    accounts.reload();
  };
  const giveBack = async (loan: LoanView) => {
    setActionError(undefined);
    try {
      await loansApi.giveBack(loan);
      reloadAll();
    } catch (e) {
      setActionError(e);
    }
  };
  return (
    <section>
      <div className="page-head">
        <h1>Temporary accounts</h1>
        {pools.status === 'ready' && pools.data.abilities.lend && (
          <button type="button" className="primary" onClick={() => setLendFor('')}>
            Lend an account
          </button>
        )}
      </div>
      <p className="muted">
        Network accounts lent to visitors for 3 hours to 2 days. At the end the password is reset and the account is
        free again in its pool.
      </p>
      <h2>Pools</h2>
      <Loaded resource={pools} what="Loading the pools">
        {(p) => (
          <>
            <p data-testid="global-pool">
              Global pool: {p.global.free} free, {p.global.lent} lent (low-water mark {p.global.lowWater}){' '}
              {p.global.low && <span className="badge badge-warn">low</span>}
            </p>
            {p.departments.length === 0 ? (
              <Empty>No department has accounts of its own or on loan.</Empty>
            ) : (
              <div className="table-wrap">
                <table data-testid="pools">
                  <thead>
                    <tr>
                      <th scope="col">Department</th>
                      <th scope="col">Name</th>
                      <th scope="col">Free</th>
                      <th scope="col">Lent</th>
                      <th scope="col">From the global pool</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.departments.map((d) => (
                      <tr key={d.orgId} data-org={d.orgCode}>
                        <td className="mono">{d.orgCode}</td>
                        <td>{d.orgName}</td>
                        <td>{d.free}</td>
                        <td>{d.lent}</td>
                        <td>{d.borrowedFromGlobal}</td>
                        <td>
                          {d.abilities.lend && (
                            <button type="button" onClick={() => setLendFor(d.orgCode ?? '')}>
                              Lend
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Loaded>
      <h2>On loan now</h2>
      <ProblemMessage error={actionError} onReload={reloadAll} />
      <Loaded resource={open} what="Loading the current loans">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>No account is on loan.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="open-loans">
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Department</th>
                    <th scope="col">Borrower</th>
                    <th scope="col">Comment</th>
                    <th scope="col">Until</th>
                    <th scope="col">Renewals</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((l) => (
                    <tr key={l.id} data-loan={l.id} data-account={l.username}>
                      <td className="mono">
                        {l.username}
                        {l.fromGlobal && (
                          <>
                            {' '}
                            <span className="badge">global</span>
                          </>
                        )}
                      </td>
                      <td className="mono">{l.orgCode}</td>
                      <td>{borrowerOf(l)}</td>
                      <td>{l.comment}</td>
                      <td data-field="until">
                        <time dateTime={l.endsAt}>{when(l.endsAt)}</time>
                      </td>
                      <td>{l.renewals.length}</td>
                      <td>
                        {l.abilities.renew && (
                          <button type="button" onClick={() => setRenewing(l)}>
                            Renew
                          </button>
                        )}{' '}
                        {l.abilities.return && (
                          <button type="button" onClick={() => giveBack(l)}>
                            Return
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <h2>History</h2>
      <div className="form-actions" data-testid="history-filter">
        <label>
          Borrower{' '}
          <input
            type="search"
            value={filter.borrower}
            onChange={(e) => setFilter({ ...filter, borrower: e.target.value })}
            placeholder="part of a name"
          />
        </label>
        <label>
          Account{' '}
          <select
            value={filter.accountId ?? ''}
            onChange={(e) => setFilter({ ...filter, accountId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">all</option>
            {accounts.status === 'ready' &&
              accounts.data.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.username}
                </option>
              ))}
          </select>
        </label>
        <label>
          Department{' '}
          <select
            value={filter.orgId ?? ''}
            onChange={(e) => setFilter({ ...filter, orgId: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">all</option>
            {pools.status === 'ready' &&
              pools.data.departments.map((d) => (
                <option key={d.orgId} value={d.orgId ?? ''}>
                  {d.orgCode}
                </option>
              ))}
          </select>
        </label>
      </div>
      <Loaded resource={history} what="Loading the history">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>No loans yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="loan-history">
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Department</th>
                    <th scope="col">Borrower</th>
                    <th scope="col">From</th>
                    <th scope="col">Until</th>
                    <th scope="col">How it ended</th>
                    <th scope="col">Renewals</th>
                    <th scope="col">Lent by</th>
                    <th scope="col">Comment</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((l) => (
                    <tr key={l.id} data-loan={l.id}>
                      <td className="mono">{l.username}</td>
                      <td className="mono">{l.orgCode}</td>
                      <td>{borrowerOf(l)}</td>
                      <td>{when(l.startsAt)}</td>
                      <td>{when(l.endedAt ?? l.endsAt)}</td>
                      <td data-field="state">{l.open ? 'on loan' : l.endReason}</td>
                      <td>{l.renewals.length}</td>
                      <td>{l.lentBy}</td>
                      <td>{l.comment}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {lendFor !== null && <LendDialog open orgCode={lendFor} onClose={() => setLendFor(null)} onLent={reloadAll} />}
      <RenewDialog
        loan={renewing}
        onClose={() => setRenewing(null)}
        onRenewed={() => {
          setRenewing(null);
          reloadAll();
        }}
      />
    </section>
  );
}
