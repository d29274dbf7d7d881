import { describe, expect, it } from 'vitest';
import { EVENTS } from '../../src/notify/events.ts';
import { useMailWorld } from './world.ts';

/** Templates are data: defaults for every event, edited with If-Match, refused when they do not render. */
const w = useMailWorld();

describe('mail templates', () => {
  it('lists a default template for each event, with its variables and a rendered preview, writing nothing', async () => {
    const head = async () =>
      (await w.t.db().selectFrom('chain_heads').select(['name', 'seq']).orderBy('name').execute()).map(
        (h) => `${h.name} ${h.seq}`,
      );
    const before = await head();
    const r = await w.t.call(w.t.tokens.auditor, { method: 'GET', url: '/mail/templates' });
    expect(r.statusCode).toBe(200);
    const templates = r.json();
    expect(templates.map((t: { event: string }) => t.event).sort()).toEqual([...EVENTS].sort());
    expect(EVENTS).toEqual(
      expect.arrayContaining([
        'request-received',
        'approval-needed',
        'approved',
        'rejected',
        'credentials-minted',
        'expiring-reminder',
        'disabled',
        'renewal',
      ]),
    );
    const needed = templates.find((t: { event: string }) => t.event === 'approval-needed');
    expect(needed).toMatchObject({
      digestable: true,
      version: 0,
      updatedAt: null,
      preview: { subject: 'Approval needed: Visitor Ada Quist (Library)' },
    });
    expect(needed.variables).toEqual(expect.arrayContaining(['name', 'request.visitor', 'request.url']));
    const one = await w.t.call(w.t.tokens.auditor, { method: 'GET', url: '/mail/templates/approval-needed' });
    expect(one.headers.etag).toBe('"0"');
    // Reading the defaults wrote no row, no audit entry and no change.
    expect(await head()).toEqual(before);
    expect(await w.t.db().selectFrom('mail_templates').select('event').execute()).toEqual([]);
  });

  it('changes a template with If-Match, audited; refuses one that does not render, naming the field', async () => {
    const url = '/mail/templates/rejected';
    const body = {
      subject: 'Not approved: {{request.visitor}}',
      text: 'Sorry, {{name}}.',
      html: '<p>Sorry, {{name}}.</p>',
    };
    expect((await w.t.call(w.t.tokens.admin, { method: 'PUT', url, payload: body })).statusCode).toBe(428);
    expect(
      (await w.t.call(w.t.tokens.admin, { method: 'PUT', url, headers: { 'if-match': '"7"' }, payload: body }))
        .statusCode,
    ).toBe(412);

    const bad = await w.t.call(w.t.tokens.admin, {
      method: 'PUT',
      url,
      headers: { 'if-match': '"0"' },
      payload: { ...body, text: 'Sorry {{#name}}' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: '/text', rule: 'template' })]);

    const ok = await w.t.call(w.t.tokens.admin, { method: 'PUT', url, headers: { 'if-match': '"0"' }, payload: body });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"1"');
    // A second change from the default's version finds it changed.
    expect(
      (await w.t.call(w.t.tokens.admin, { method: 'PUT', url, headers: { 'if-match': '"0"' }, payload: body }))
        .statusCode,
    ).toBe(412);
    expect(ok.json()).toMatchObject({
      version: 1,
      subject: body.subject,
      preview: { subject: 'Not approved: Ada Quist', html: '<p>Sorry, Bea Holm.</p>' },
    });
    const audit = (
      await w.t.call(w.t.tokens.auditor, { method: 'GET', url: '/audit?action=mail.template.update' })
    ).json();
    expect(audit).toEqual([
      expect.objectContaining({
        targetId: 'rejected',
        after: { subject: body.subject, text: body.text, html: body.html },
      }),
    ]);
    expect((await w.t.call(w.t.tokens.admin, { method: 'GET', url: '/mail/templates/no-such' })).statusCode).toBe(404);
  });

  it('keeps each account\u2019s digest choice to itself, audited', async () => {
    const ann = await w.t.tokenFor('ann', []);
    const put = await w.t.call(ann, {
      method: 'PUT',
      url: '/mail/preferences',
      payload: { dailyDigest: true },
      headers: { 'if-match': '"0"' },
    });
    expect(put.json()).toMatchObject({ dailyDigest: true, version: 1 });
    expect(put.headers.etag).toBe('"1"');
    expect((await w.t.call(w.t.tokens.auditor, { method: 'GET', url: '/mail/preferences' })).json()).toMatchObject({
      dailyDigest: false,
    });
    const audit = (
      await w.t.call(w.t.tokens.auditor, { method: 'GET', url: '/audit?action=mail.preference.update' })
    ).json();
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'ann', before: { dailyDigest: false }, after: { dailyDigest: true } }),
    ]);
  });

  it('changes the choice only from the version read (If-Match), so a choice made meanwhile is not overwritten', async () => {
    const bo = await w.t.tokenFor('bo', []);
    const put = (ifMatch?: string) =>
      w.t.call(bo, {
        method: 'PUT',
        url: '/mail/preferences',
        payload: { dailyDigest: true },
        headers: ifMatch ? { 'if-match': ifMatch } : {},
      });
    const read = await w.t.call(bo, { method: 'GET', url: '/mail/preferences' });
    expect(read.headers.etag).toBe('"0"');
    expect((await put()).statusCode).toBe(428);
    const stale = await put('"7"');
    expect(stale.statusCode).toBe(412);
    expect(stale.json().detail).toContain('your mail preference has changed since version 7 was read');
    expect((await w.t.call(bo, { method: 'GET', url: '/mail/preferences' })).json()).toMatchObject({
      dailyDigest: false,
      version: 0,
    });
    expect((await put(read.headers.etag as string)).statusCode).toBe(200);
    expect((await put(read.headers.etag as string)).statusCode).toBe(412);
  });
});
