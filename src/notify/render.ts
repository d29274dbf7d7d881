import Mustache from 'mustache';
import type { FieldProblem } from '../platform/errors.ts';

/**
 * Rendering a template with an event's context (pure). Subject and text are plain text:
 * values are inserted as they are; the HTML part escapes them (`{{{x}}}` does not). A
 * subject is one line. A template that mustache cannot parse is reported by field.
 */
export interface TemplateText {
  subject: string;
  text: string;
  html: string | null;
}

const plain = { escape: (value: unknown) => String(value) };

export function renderMail(template: TemplateText, context: Record<string, unknown>): TemplateText {
  return {
    subject: Mustache.render(template.subject, context, {}, plain)
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .trim(),
    text: Mustache.render(template.text, context, {}, plain),
    html: template.html === null ? null : Mustache.render(template.html, context),
  };
}

const fields = [
  ['subject', '/subject'],
  ['text', '/text'],
  ['html', '/html'],
] as const;

/** What is wrong with a template: empty parts, or text mustache cannot parse or render. */
export function templateProblems(template: TemplateText, sample: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (template.subject.trim() === '')
    problems.push({ field: '/subject', rule: 'required', message: 'a mail needs a subject' });
  if (template.text.trim() === '')
    problems.push({ field: '/text', rule: 'required', message: 'a mail needs a text body' });
  for (const [key, field] of fields) {
    const source = template[key];
    if (source === null) continue;
    try {
      Mustache.parse(source);
      Mustache.render(source, sample, {}, plain);
    } catch (e) {
      problems.push({ field, rule: 'template', message: `does not render: ${(e as Error).message}` });
    }
  }
  return problems;
}

/** The template's variables (`{{a.b}}`, sections), for showing what a template may use. */
export function variablesOf(source: string): string[] {
  const names = new Set<string>();
  const walk = (spans: unknown[]) => {
    for (const span of spans as [string, string, number, number, unknown[]?][]) {
      if (['name', '&', '#', '^'].includes(span[0])) names.add(span[1]);
      if (Array.isArray(span[4])) walk(span[4]);
    }
  };
  walk(Mustache.parse(source));
  return [...names].sort();
}
