import { peopleApi } from '../api/people.ts';
import type { PickOption } from './SearchPicker.tsx';
import { groupsApi } from './groups-api.ts';

/** People matching by name or identifier, through the registry's search (GET /people?q=). */
export async function searchPeople(q: string, signal: AbortSignal): Promise<PickOption[]> {
  const hits = await peopleApi.search(q, signal);
  return hits
    .filter((h) => h.person.state === 'active')
    .map((h) => {
      const ident = h.person.identifiers[0];
      return {
        id: h.person.id,
        label: h.person.displayName,
        detail: ident ? `${ident.kind} ${ident.value}` : (h.person.emails[0] ?? ''),
      };
    });
}

/**
 * Groups in one folder whose name contains the text: the API has no group search by name,
 * so this filters the folder's listing (GET /folders?parentId=).
 */
export function searchFolderGroups(folderId: number, exceptId: number) {
  return async (q: string, signal: AbortSignal): Promise<PickOption[]> => {
    const listing = await groupsApi.browse(folderId, signal);
    const needle = q.toLowerCase();
    return listing.groups
      .filter((g) => g.id !== exceptId && `${g.name} ${g.displayName ?? ''}`.toLowerCase().includes(needle))
      .map((g) => ({ id: g.id, label: g.name, detail: g.kind }));
  };
}
