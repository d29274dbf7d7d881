import type { E2EServer, Loose } from './server.ts';

/** Creates a person through the API (forced past the duplicate check when asked). */
export async function makePerson(server: E2EServer, body: Record<string, unknown>): Promise<Loose> {
  return server.ok('POST', '/people', body);
}

/** Jon Finke, staff in Physics, with identifiers of three kinds, and a look-alike. */
export async function makeFinkes(server: E2EServer, physicsId: number): Promise<{ jon: Loose }> {
  const jon = await makePerson(server, {
    givenName: 'Jon',
    familyName: 'Finke',
    birthDate: '1980-04-12',
    emails: [{ address: 'jon.finke@example.edu', label: 'work' }],
    phones: [{ number: '+44 1509 222222', label: 'office' }],
    identifiers: [
      { kind: 'id-number', value: 'A1234567' },
      { kind: 'username', value: 'jfinke' },
      { kind: 'source-key', scope: 'hr', value: 'HR-0042' },
    ],
    affiliation: { orgId: physicsId, kind: 'staff', title: 'Lecturer in Optics', validFrom: '2015-09-01' },
  });
  return { jon };
}
