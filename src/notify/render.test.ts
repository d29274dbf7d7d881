import { describe, expect, it } from 'vitest';
import { defaultTemplates } from './events.ts';
import { renderMail, templateProblems, variablesOf } from './render.ts';

describe('rendering mail', () => {
  it('inserts values as they are in subject and text, escaped in HTML', () => {
    const mail = renderMail(
      { subject: 'For {{who}}\nsecond line', text: 'Dear {{who}} & co', html: '<p>{{who}}</p>' },
      { who: "Ann <O'Hara>" },
    );
    expect(mail).toEqual({
      subject: "For Ann <O'Hara> second line",
      text: "Dear Ann <O'Hara> & co",
      html: '<p>Ann &lt;O&#39;Hara&gt;</p>',
    });
  });

  it('repeats sections over lists and leaves out missing values', () => {
    expect(
      renderMail(
        { subject: 's', text: '{{#items}}[{{n}}]{{/items}}{{missing}}', html: null },
        { items: [{ n: 1 }, { n: 2 }] },
      ).text,
    ).toBe('[1][2]');
  });

  it('every default template renders its sample', () => {
    for (const t of defaultTemplates) {
      expect(templateProblems(t, t.sample), t.event).toEqual([]);
      expect(renderMail(t, t.sample).subject, t.event).not.toContain('{{');
    }
  });

  it('names the field that does not parse, and empty parts', () => {
    const problems = templateProblems({ subject: 'Hi {{name', text: ' ', html: '{{#a}}open' }, {});
    expect(problems.map((p) => [p.field, p.rule])).toEqual([
      ['/text', 'required'],
      ['/subject', 'template'],
      ['/html', 'template'],
    ]);
  });

  it('lists the variables a template uses', () => {
    expect(variablesOf('{{a.b}} {{#items}}{{x}}{{/items}} {{{raw}}}')).toEqual(['a.b', 'items', 'raw', 'x']);
  });
});
