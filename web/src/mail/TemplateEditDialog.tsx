import { useState } from 'react';
import { type MailTemplate, mailApi } from '../api/mail.ts';
import { Dialog } from '../components/Dialog.tsx';
import { Field, TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';

interface Props {
  template: MailTemplate;
  onClose: () => void;
  onDone: () => void;
}

/** Edits an event's template (mustache), sent with If-Match; a part that does not render is marked beside it. */
export function TemplateEditDialog({ template, onClose, onDone }: Props) {
  const [subject, setSubject] = useState(template.subject);
  const [text, setText] = useState(template.text);
  const [html, setHtml] = useState(template.html ?? '');
  const {
    error,
    busy,
    submit: save,
  } = useSubmit(() => mailApi.updateTemplate(template, { subject, text, html: html.trim() ? html : null }), onDone);

  return (
    <Dialog open title={`Template of ${template.event}`} onClose={onClose}>
      <form onSubmit={save} noValidate>
        <ProblemMessage error={error} shownFields={['subject', 'text', 'html']} onReload={onDone} />
        <p className="muted">Variables: {template.variables.map((v) => `{{${v}}}`).join(' ') || 'none'}</p>
        <TextField label="Subject" name="subject" value={subject} onChange={setSubject} error={error} required />
        <Field
          label="Text"
          name="text"
          error={error}
          hint="Plain text; {{name}} inserts a value, {{#list}}…{{/list}} repeats"
        >
          {(control) => (
            <textarea {...control} name="text" rows={10} value={text} onChange={(e) => setText(e.target.value)} />
          )}
        </Field>
        <Field label="HTML (optional)" name="html" error={error} hint="Values are HTML-escaped">
          {(control) => (
            <textarea {...control} name="html" rows={5} value={html} onChange={(e) => setHtml(e.target.value)} />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
