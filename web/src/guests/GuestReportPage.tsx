import { useState } from 'react';
import { Link } from 'react-router';
import { type ReportByOrg, guestReportsApi } from '../api/guest-reports.ts';
import { useResource } from '../api/use-resource.ts';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { WaitingByApproverTable } from './WaitingByApproverTable.tsx';

const colours: Record<string, string> = {
  pending: '#8a8fa0',
  active: '#1c7c45',
  expiring: '#c98a00',
  disabled: '#b3261e',
};
const extra = ['#1f5fa8', '#7b4fa8', '#2a8a8a', '#a8501f'];
const colourOf = (state: string, i: number) => colours[state] ?? extra[i % extra.length];
const orgLabel = (o: { code: string | null }) => o.code ?? '(no unit)';

/** Guests per unit as stacked horizontal bars, one segment per state; inline SVG. */
function StateChart({ report }: { report: ReportByOrg }) {
  const rowHeight = 26;
  const labelWidth = 110;
  const width = 560;
  const barWidth = width - labelWidth - 40;
  const max = Math.max(1, ...report.orgs.map((o) => o.total));
  const height = report.orgs.length * rowHeight + 30;
  return (
    <figure className="guest-chart">
      <svg
        role="img"
        aria-label="Guests per organisation unit by state"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        data-testid="guest-chart"
      >
        {report.orgs.map((o, row) => {
          let x = labelWidth;
          const y = row * rowHeight + 4;
          return (
            <g key={orgLabel(o)} data-org={orgLabel(o)}>
              <text x={labelWidth - 8} y={y + 14} textAnchor="end" fontSize="12">
                {orgLabel(o)}
              </text>
              {report.states.map((s, i) => {
                const n = o.counts[s] ?? 0;
                if (n === 0) return null;
                const w = (n / max) * barWidth;
                const rect = (
                  <rect key={s} data-state={s} x={x} y={y} width={w} height={rowHeight - 8} fill={colourOf(s, i)}>
                    <title>{`${orgLabel(o)}: ${n} ${s}`}</title>
                  </rect>
                );
                x += w;
                return rect;
              })}
              <text x={x + 6} y={y + 14} fontSize="12">
                {o.total}
              </text>
            </g>
          );
        })}
        <g transform={`translate(${labelWidth}, ${report.orgs.length * rowHeight + 12})`}>
          {report.states.map((s, i) => (
            <g key={s} transform={`translate(${i * 90}, 0)`}>
              <rect width="10" height="10" fill={colourOf(s, i)} />
              <text x="14" y="9" fontSize="11">
                {s}
              </text>
            </g>
          ))}
        </g>
      </svg>
    </figure>
  );
}

/** The first two cells of a guest's row: its id and name, each a link to the guest. */
function GuestCells({ guestId, personName }: { guestId: number; personName: string }) {
  return (
    <>
      <td className="mono">
        <Link to={`/guests/${guestId}`}>{guestId}</Link>
      </td>
      <td>
        <Link to={`/guests/${guestId}`}>{personName}</Link>
      </td>
    </>
  );
}

/** Guests per host unit by lifecycle state, those ending soon, and the upcoming expiries (issue 3, story 7). */
export function GuestReportPage() {
  usePageTitle('Guest report');
  const [within, setWithin] = useState(30);
  const byOrg = useResource((signal) => guestReportsApi.byOrg(within, signal), [within]);
  const expiring = useResource((signal) => guestReportsApi.expiring(within, signal), [within]);
  const unvouched = useResource((signal) => guestReportsApi.unvouched(signal), []);
  return (
    <section>
      <div className="page-head">
        <h1>Guest report</h1>
        <a className="button" href={guestReportsApi.byOrgCsvUrl(within)} download>
          Download CSV
        </a>
      </div>
      <p className="muted">
        Visitors, tenants and dependants per host unit by lifecycle state, and how many of them end within the window.
      </p>
      <label>
        Ending within (days){' '}
        <input
          type="number"
          min={0}
          max={3650}
          value={within}
          onChange={(e) => setWithin(Math.max(0, Math.min(3650, Number(e.target.value) || 0)))}
          style={{ width: '6em' }}
        />
      </label>
      <Loaded resource={byOrg} what="Loading the guest counts">
        {(report) =>
          report.orgs.length === 0 ? (
            <Empty>No guest is registered yet. Requests still waiting for a decision are listed below.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table data-testid="guest-counts">
                  <thead>
                    <tr>
                      <th scope="col">Unit</th>
                      <th scope="col">Name</th>
                      {report.states.map((s) => (
                        <th scope="col" key={s}>
                          {s}
                        </th>
                      ))}
                      <th scope="col">Total</th>
                      <th scope="col">{`Ending by ${report.until}`}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.orgs.map((o) => (
                      <tr key={orgLabel(o)} data-org={orgLabel(o)}>
                        <td className="mono">{orgLabel(o)}</td>
                        <td>{o.name ?? ''}</td>
                        {report.states.map((s) => (
                          <td key={s} data-state={s}>
                            {o.counts[s] ?? 0}
                          </td>
                        ))}
                        <td data-state="total">{o.total}</td>
                        <td data-state="ending">{o.endingWithin}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <StateChart report={report} />
            </>
          )
        }
      </Loaded>
      <div className="page-head">
        <h2>Upcoming expiries</h2>
        <a href={guestReportsApi.expiringCsvUrl(within)} download>
          CSV
        </a>
      </div>
      <Loaded resource={expiring} what="Loading the upcoming expiries">
        {(report) =>
          report.items.length === 0 ? (
            <Empty>{`Nobody's stay ends by ${report.until}.`}</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="guest-expiries">
                <thead>
                  <tr>
                    <th scope="col">Guest</th>
                    <th scope="col">Name</th>
                    <th scope="col">Type</th>
                    <th scope="col">State</th>
                    <th scope="col">Unit</th>
                    <th scope="col">Valid to</th>
                    <th scope="col">Guarantor</th>
                  </tr>
                </thead>
                <tbody>
                  {report.items.map((i) => (
                    <tr key={i.guestId} data-guest={i.guestId}>
                      <GuestCells guestId={i.guestId} personName={i.personName} />
                      <td>{i.type}</td>
                      <td>{i.state}</td>
                      <td className="mono">{i.orgCode ?? ''}</td>
                      <td className="mono">{i.validTo}</td>
                      <td>{i.guarantor ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <div className="page-head">
        <h2>Nobody vouches for them</h2>
        <a href={guestReportsApi.unvouchedCsvUrl()} download>
          CSV
        </a>
      </div>
      <p className="muted">
        Guests still pending or valid whose guarantor or sponsor can no longer vouch for them (left, or no longer holds
        a status that may sponsor): take them over or end their stay.
      </p>
      <Loaded resource={unvouched} what="Loading the guests nobody vouches for">
        {(report) =>
          report.items.length === 0 ? (
            <Empty>{`Every guest has someone to answer for them on ${report.on}.`}</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="guest-unvouched">
                <thead>
                  <tr>
                    <th scope="col">Guest</th>
                    <th scope="col">Name</th>
                    <th scope="col">State</th>
                    <th scope="col">Unit</th>
                    <th scope="col">Valid to</th>
                    <th scope="col">Vouched for by</th>
                    <th scope="col">Able to until</th>
                  </tr>
                </thead>
                <tbody>
                  {report.items.map((i) => (
                    <tr key={i.guestId} data-guest={i.guestId}>
                      <GuestCells guestId={i.guestId} personName={i.personName} />
                      <td>{i.state}</td>
                      <td className="mono">{i.orgCode ?? ''}</td>
                      <td className="mono">{i.validTo ?? 'open-ended'}</td>
                      <td>
                        <Link to={`/people/${i.voucherId}`}>{i.voucherName}</Link> ({i.role})
                      </td>
                      <td className="mono">{i.voucherLastDay ?? 'never'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <WaitingByApproverTable />
    </section>
  );
}
