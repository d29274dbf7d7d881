import { useEffect, useMemo, useState } from 'react';
import { accessReviewsApi } from '../api/access-reviews.ts';
import type { ReviewItem } from '../api/access-review-types.ts';
import { useResource } from '../api/use-resource.ts';
import { itemsQuery, NO_FILTERS, PAGE_SIZE, type WorklistFilters } from './worklist-query.ts';

/**
 * The worklist's data: the filters, the page the server sends for them (50 items at a time, never all), the items
 * decided here since (shown at once, without reading the page again), and the current item.
 */
export function useWorklist(campaignId: number) {
  const [filters, setFiltersState] = useState<WorklistFilters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [cursor, setCursor] = useState(0);
  const key = JSON.stringify(filters);
  const page = useResource(
    (signal) => accessReviewsApi.items(campaignId, itemsQuery(filters, offset), signal),
    [campaignId, key, offset],
  );
  const [decided, setDecided] = useState<Map<number, ReviewItem>>(new Map());
  useEffect(() => setDecided(new Map()), [page.data]);

  const items = useMemo(() => (page.data?.items ?? []).map((i) => decided.get(i.id) ?? i), [page.data, decided]);
  /** Items undecided when the page was read and decided here since. */
  const newlyDecided = (page.data?.items ?? []).filter((i) => i.decision === null && decided.has(i.id)).length;
  const total = page.data?.total ?? 0;

  const setFilters = (patch: Partial<WorklistFilters>) => {
    setFiltersState((f) => ({ ...f, ...patch }));
    setOffset(0);
    setCursor(0);
  };
  const turn = (direction: 1 | -1) => {
    const next = offset + direction * PAGE_SIZE;
    if (next < 0 || next >= total) return false;
    setOffset(next);
    setCursor(0);
    return true;
  };
  const move = (direction: 1 | -1) =>
    setCursor((c) => Math.min(Math.max(c + direction, 0), Math.max(items.length - 1, 0)));
  const replace = (item: ReviewItem) => setDecided((m) => new Map(m).set(item.id, item));

  return {
    filters,
    setFilters,
    offset,
    page,
    items,
    total,
    counts: page.data && {
      total,
      decided: page.data.decided + newlyDecided,
      undecided: page.data.undecided - newlyDecided,
    },
    cursor: Math.min(cursor, Math.max(items.length - 1, 0)),
    setCursor,
    move,
    turn,
    replace,
  };
}

export type Worklist = ReturnType<typeof useWorklist>;
