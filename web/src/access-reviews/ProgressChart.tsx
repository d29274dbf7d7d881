import type { CampaignReport } from '../api/access-review-types.ts';

type Row = CampaignReport['reviewers'][number];

/** The parts of a bar, in order, with their colours (the legend says which is which). */
const PARTS: { key: 'kept' | 'removed' | 'endDated' | 'undecided'; label: string; colour: string }[] = [
  { key: 'kept', label: 'kept', colour: '#2e7d32' },
  { key: 'removed', label: 'removed', colour: '#c62828' },
  { key: 'endDated', label: 'end-dated', colour: '#ef8f00' },
  { key: 'undecided', label: 'undecided', colour: '#b0b7c3' },
];

const LABEL = 180;
const BAR = 360;
const ROW = 28;
const LEGEND = 28;

/** `part` of `total` as a bar length, never wider than the bar. */
const width = (part: number, max: number) => (max === 0 ? 0 : (part / max) * BAR);

/**
 * Progress per reviewer as a horizontal stacked bar chart (inline SVG): kept, removed, end-dated and undecided items,
 * bars scaled to the reviewer with the most items, the decided count at the end. The table beside it has the numbers.
 */
export function ProgressChart({ rows }: { rows: Row[] }) {
  const max = Math.max(0, ...rows.map((r) => r.total));
  const height = rows.length * ROW + LEGEND;
  const summary = rows.map((r) => `${r.name}: ${r.decided} of ${r.total} decided`).join('; ');
  return (
    <svg
      className="progress-chart"
      data-testid="progress-chart"
      role="img"
      aria-label={`Progress per reviewer. ${summary}`}
      width={LABEL + BAR + 90}
      height={height}
      viewBox={`0 0 ${LABEL + BAR + 90} ${height}`}
    >
      {rows.map((r, i) => {
        let x = LABEL;
        const y = i * ROW;
        return (
          <g key={`${r.personId}-${r.name}`} data-reviewer={r.name}>
            <text x={LABEL - 8} y={y + 17} textAnchor="end" fontSize="13">
              {r.name}
            </text>
            {PARTS.map((p) => {
              const w = width(r[p.key], max);
              const rect = (
                <rect
                  key={p.key}
                  x={x}
                  y={y + 4}
                  width={w}
                  height={ROW - 8}
                  fill={p.colour}
                  data-part={p.key}
                  data-count={r[p.key]}
                >
                  <title>{`${r.name}: ${r[p.key]} ${p.label}`}</title>
                </rect>
              );
              x += w;
              return rect;
            })}
            <text x={x + 6} y={y + 17} fontSize="12">
              {r.decided}/{r.total}
            </text>
          </g>
        );
      })}
      <g transform={`translate(${LABEL}, ${rows.length * ROW + 8})`}>
        {PARTS.map((p, i) => (
          <g key={p.key} transform={`translate(${i * 95}, 0)`}>
            <rect width="12" height="12" fill={p.colour} />
            <text x="16" y="11" fontSize="12">
              {p.label}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
