import type { AuditEntry } from './audit-types.ts';
import { api } from './client.ts';
import type {
  DuplicateCandidate,
  MergeBody,
  MintBody,
  MintableKind,
  MintedIdentifier,
  NewPerson,
  Person,
  PersonPatch,
  ProspectivePerson,
  SearchHit,
} from './people-types.ts';

/** Every call the web UI makes to the person registry, in one place. */
export const peopleApi = {
  search: (q: string, signal?: AbortSignal) => api.get<SearchHit[]>('/people', { q, limit: 50 }, signal),
  get: (id: number, signal?: AbortSignal) => api.getTagged<Person>(`/people/${id}`, undefined, signal),
  history: (id: number, page: { limit?: number; beforeSeq?: number }, signal?: AbortSignal) =>
    api.get<AuditEntry[]>(`/people/${id}/history`, page, signal),
  duplicates: (input: ProspectivePerson) => api.post<DuplicateCandidate[]>('/people/duplicates', input),
  create: (input: NewPerson) => api.post<Person>('/people', input),
  update: (id: number, patch: PersonPatch, etag: string) => api.patch<Person>(`/people/${id}`, patch, etag),
  merge: (survivorId: number, loserId: number, reason: string, etag: string) =>
    api.postTagged<Person>(`/people/${survivorId}/merge`, { loserId, reason } satisfies MergeBody, etag),
  mint: (id: number, kind: MintableKind) =>
    api.post<MintedIdentifier>(`/people/${id}/mint`, { kind } satisfies MintBody),
};
