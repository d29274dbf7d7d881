import type { AuditEntry } from './audit-types.ts';
import { api } from './client.ts';
import type {
  AffiliationInput,
  DuplicateCandidate,
  IdentifierInput,
  MintableKind,
  Person,
  PersonInput,
  SearchHit,
} from './people-types.ts';

/** Every call the web UI makes to the person registry, in one place. */
export const peopleApi = {
  search: (q: string, signal?: AbortSignal) => api.get<SearchHit[]>('/people', { q, limit: 50 }, signal),
  get: (id: number, signal?: AbortSignal) => api.getTagged<Person>(`/people/${id}`, undefined, signal),
  history: (id: number, page: { limit?: number; beforeSeq?: number }, signal?: AbortSignal) =>
    api.get<AuditEntry[]>(`/people/${id}/history`, page, signal),
  duplicates: (input: PersonInput & { identifiers?: IdentifierInput[] }) =>
    api.post<DuplicateCandidate[]>('/people/duplicates', input),
  create: (
    input: PersonInput & {
      identifiers?: IdentifierInput[];
      affiliation?: AffiliationInput;
      force?: boolean;
      reason?: string;
    },
  ) => api.post<Person>('/people', input),
  update: (id: number, patch: Partial<PersonInput> & { reason?: string }, etag: string) =>
    api.patch<Person>(`/people/${id}`, patch, etag),
  merge: (survivorId: number, loserId: number, reason: string, etag: string) =>
    api.postTagged<Person>(`/people/${survivorId}/merge`, { loserId, reason }, etag),
  mint: (id: number, kind: MintableKind) =>
    api.post<{ kind: MintableKind; scope: string; value: string; personId: number }>(`/people/${id}/mint`, { kind }),
};
