import { useState } from 'react';

/** Sets one field of a form's draft. */
export type SetDraft<D> = <K extends keyof D>(key: K, value: D[K]) => void;

/** The keys of a draft that hold text: what a TextField edits. */
type TextKey<D> = { [K in keyof D]: D[K] extends string ? K : never }[keyof D];

/** A form's draft (its state as typed) and a setter of one of its fields. */
export function useDraft<D>(initial: D): [D, SetDraft<D>] {
  const [draft, setDraft] = useState<D>(initial);
  const set: SetDraft<D> = (key, value) => setDraft((x) => ({ ...x, [key]: value }));
  return [draft, set];
}

/** The value, onChange and error of a TextField editing `draft[key]`: `<TextField {...bind('label')} … />`. */
export type TextBind<D> = (key: TextKey<D>) => { value: string; onChange: (value: string) => void; error: unknown };

export function textBinder<D>(draft: D, set: SetDraft<D>, error: unknown): TextBind<D> {
  return (key) => ({
    value: draft[key] as string,
    onChange: (value: string) => set(key, value as D[TextKey<D>]),
    error,
  });
}
