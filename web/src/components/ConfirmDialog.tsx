import type { ReactNode } from 'react';
import { Dialog } from './Dialog.tsx';

/** The words of a confirmation: the dialog's title, what confirming does, and the confirming button's label. */
export interface Confirmation {
  title: string;
  text: string;
  button: string;
}

interface Props<T> {
  /** What waits to be confirmed; null keeps the dialog closed. */
  pending: T | null;
  words: (pending: T) => Confirmation;
  /** The question's paragraph, given the pending thing and the words' text. */
  about: (pending: T, text: string) => ReactNode;
  busy?: boolean;
  onConfirm: (pending: T) => void;
  onCancel: () => void;
  /** Fields asked for along with the confirmation (a reason), between the question and the buttons. */
  children?: ReactNode;
}

/** A modal asking to confirm an action on one thing, with its confirming button and Cancel. */
export function ConfirmDialog<T>({ pending, words, about, busy, onConfirm, onCancel, children }: Props<T>) {
  const w = pending === null ? null : words(pending);
  return (
    <Dialog open={pending !== null} title={w ? w.title : ''} onClose={onCancel}>
      {pending !== null && w && (
        <>
          <p>{about(pending, w.text)}</p>
          {children}
          <div className="form-actions">
            <button type="button" className="primary" disabled={busy} onClick={() => onConfirm(pending)}>
              {w.button}
            </button>
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
