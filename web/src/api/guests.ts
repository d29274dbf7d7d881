import type { GuestTransitionView } from '../../../src/guests/guest-service.ts';
import type { Guest, GuestType } from '../../../src/guests/guest-store.ts';
import { api } from './client.ts';
import type { RequestView } from './guest-requests.ts';

/** Guest records as the server returns them (the server's own types). */
export type { Guest, GuestTransitionView, GuestType };

/** Every call the web UI makes about one guest record. */
export const guestsApi = {
  get: (id: number, signal?: AbortSignal) => api.getTagged<Guest>(`/guests/${id}`, undefined, signal),
  transitions: (id: number, signal?: AbortSignal) =>
    api.get<GuestTransitionView[]>(`/guests/${id}/transitions`, undefined, signal),
  type: (id: number, signal?: AbortSignal) => api.get<GuestType>(`/guest-types/${id}`, undefined, signal),
  /** Ask for a later valid-to; the department's approvers decide it as a request of its own. */
  requestRenewal: (id: number, validTo: string) => api.post<RequestView>(`/guests/${id}/renewal-requests`, { validTo }),
};
