import type { E2EServer, Loose } from './server.ts';

/** A small university made through the API: kinds with custom fields, faculties, departments, an ended unit. */
export interface University {
  root: Loose;
  science: Loose;
  physics: Loose;
  chemistry: Loose;
  optics: Loose;
  oldLab: Loose;
  arts: Loose;
}

export async function makeUniversity(server: E2EServer): Promise<University> {
  // Faculty and department kinds come with the installation; a lab kind with a typed field is added.
  await server.ok('POST', '/org-kinds', {
    kind: 'lab',
    label: 'Research lab',
    fields: [
      { name: 'seats', label: 'Seats', type: 'integer', required: true, default: 10 },
      { name: 'bsl', label: 'Biosafety level', type: 'enum', options: ['1', '2', '3'] },
    ],
  });
  const unit = (body: Record<string, unknown>) => server.ok('POST', '/orgs', body);
  const root = await unit({
    code: 'UNI',
    kind: 'university',
    name: 'Example University',
    parentId: null,
    abbreviation: 'EU',
  });
  const science = await unit({
    code: 'SCI',
    kind: 'faculty',
    name: 'Faculty of Science',
    parentId: root.id,
    custom: { cost_centre: '4400' },
  });
  const arts = await unit({ code: 'ART', kind: 'faculty', name: 'Faculty of Arts', parentId: root.id });
  const physics = await unit({
    code: 'PHYS',
    kind: 'department',
    name: 'Department of Physics',
    parentId: science.id,
    abbreviation: 'Phys',
    altNames: ['Physics'],
    validFrom: '2001-09-01',
    custom: { cost_centre: '4410', building: 'North' },
  });
  const chemistry = await unit({
    code: 'CHEM',
    kind: 'department',
    name: 'Department of Chemistry',
    parentId: science.id,
    custom: { cost_centre: '4420' },
  });
  const optics = await unit({
    code: 'PHYS-OPT',
    kind: 'lab',
    name: 'Optics Group',
    parentId: physics.id,
    custom: { seats: 12 },
  });
  const oldLab = await unit({
    code: 'PHYS-OLD',
    kind: 'lab',
    name: 'Old Acoustics Lab',
    parentId: physics.id,
    validFrom: '1990-01-01',
    validTo: '2010-12-31',
  });
  return { root, science, physics, chemistry, optics, oldLab, arts };
}
