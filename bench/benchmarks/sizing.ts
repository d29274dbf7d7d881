import type { BenchContext } from '../lib/context.ts';
import { log } from '../lib/progress.ts';
import type { Engine } from '../lib/targets.ts';

/**
 * PGlite is single-threaded WASM and much slower than a PostgreSQL server. Before a big
 * PGlite step, a probe measures it at a small size on a throwaway database; if the full
 * size is projected to take longer than the budget (BENCH_PGLITE_BUDGET_MIN, default 20
 * minutes), the step is measured at the largest round size that fits, and a note says so.
 */
const PROBE_SIZE = 20_000;
const SIZES = [1_000_000, 500_000, 250_000, 200_000, 100_000, 50_000, 20_000];
/** Bigger tables and indexes cost more per row; projections assume this much slow-down at full size. */
const GROWTH = 1.3;

export type Probe = (size: number) => Promise<number>;

export async function fitSize(
  engine: Engine,
  ctx: BenchContext,
  step: string,
  wanted: number,
  notes: string[],
  probe: Probe,
): Promise<number> {
  if (engine !== 'pglite' || wanted <= PROBE_SIZE * 2) return wanted;
  log(`pglite: probing ${step} at ${PROBE_SIZE.toLocaleString('en')} rows to project ${wanted.toLocaleString('en')}…`);
  const ms = await probe(PROBE_SIZE);
  const perRow = (ms / PROBE_SIZE) * GROWTH;
  const budgetMs = ctx.options.pgliteBudgetMinutes * 60_000;
  const projected = perRow * wanted;
  if (projected <= budgetMs) return wanted;
  const size = SIZES.find((s) => s < wanted && s * perRow <= budgetMs) ?? PROBE_SIZE;
  const note = `PGlite ${step}: ${wanted.toLocaleString('en')} rows were projected to take ~${Math.round(projected / 60_000)} min (probe: ${PROBE_SIZE.toLocaleString('en')} rows in ${(ms / 1000).toFixed(1)} s), over the ${ctx.options.pgliteBudgetMinutes}-minute budget, so PGlite ${step} was measured at ${size.toLocaleString('en')} rows.`;
  notes.push(note);
  log(note);
  return size;
}
