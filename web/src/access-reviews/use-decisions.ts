import { useEffect, useRef, useState } from 'react';
import { accessReviewsApi } from '../api/access-reviews.ts';
import type { Decision, ReviewItem } from '../api/access-review-types.ts';
import type { DecisionState } from './DecisionPanel.tsx';
import type { Worklist } from './use-worklist.ts';
import { daysFromToday, keyAction } from './worklist-query.ts';

/** Focus is in a text field, a list or a dialog: keys there are typing, not commands (a ticked box is not). */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement && ['checkbox', 'radio'].includes(target.type)) return false;
  return (
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable || !!target.closest('dialog')
  );
}

/**
 * Deciding items from the worklist, by the keyboard or the buttons: the comment and end date, a removal that waits
 * for its comment and an end date for its date (the field focused), the request (If-Match the item's version), then
 * on to the next item. Keys act only outside text fields and dialogs.
 */
export function useDecisions(w: Worklist, canDecide: boolean) {
  const [state, setState] = useState<DecisionState>({ comment: '', endDate: daysFromToday(30), pending: null });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const commentRef = useRef<HTMLInputElement | null>(null);
  const dateRef = useRef<HTMLInputElement | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  /** Set when the next render should put focus on the current row (after a key, a decision or Escape). */
  const wantRowFocus = useRef(false);
  const patch = (p: Partial<DecisionState>) => setState((s) => ({ ...s, ...p }));

  const focusRow = () => {
    wantRowFocus.current = true;
    rowRefs.current[w.cursor]?.focus();
  };
  useEffect(() => {
    const row = rowRefs.current[w.cursor];
    if (!row) return;
    const active = document.activeElement;
    const idle =
      active === null || active === document.body || active?.id === 'main' || row.closest('table')?.contains(active);
    if (wantRowFocus.current || idle) {
      wantRowFocus.current = false;
      row.focus();
      row.scrollIntoView?.({ block: 'nearest' });
    }
  }, [w.cursor, w.items]);

  const decide = async (item: ReviewItem, decision: Decision) => {
    if (!canDecide || busy) return;
    if (decision === 'remove' && !state.comment.trim()) {
      patch({ pending: 'remove' });
      commentRef.current?.focus();
      return;
    }
    if (decision === 'end-date' && state.pending !== 'end-date') {
      patch({ pending: 'end-date' });
      dateRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const comment = state.comment.trim();
      const decided = await accessReviewsApi.decide(item, {
        decision,
        ...(comment ? { comment } : {}),
        ...(decision === 'end-date' ? { endDate: state.endDate } : {}),
      });
      w.replace(decided);
      patch({ comment: '', pending: null });
      wantRowFocus.current = true;
      const index = w.items.findIndex((i) => i.id === item.id);
      w.setCursor(Math.min(index + 1, w.items.length - 1));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    const action = keyAction(e.key);
    if (!action) return;
    e.preventDefault();
    if ('move' in action) {
      wantRowFocus.current = true;
      w.move(action.move);
    } else if ('page' in action) {
      wantRowFocus.current = w.turn(action.page);
    } else if ('focus' in action) {
      (action.focus === 'comment' ? commentRef : searchRef).current?.focus();
    } else {
      const item = w.items[w.cursor];
      if (item) void decide(item, action.decide);
    }
  };
  const keyHandler = useRef(onKey);
  keyHandler.current = onKey;
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keyHandler.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  return { state, patch, busy, error, decide, focusRow, commentRef, dateRef, searchRef, rowRefs };
}
