import { api } from './client.ts';
import type { PersonStatuses } from './status-types.ts';

/** Every call the web UI makes about ranked status, in one place. */
export const statusApi = {
  person: (id: number, signal?: AbortSignal) => api.get<PersonStatuses>(`/people/${id}/statuses`, undefined, signal),
};
