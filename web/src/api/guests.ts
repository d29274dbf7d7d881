import type { Guest, GuestTransition, GuestType, GuestView } from '../../../src/guests/guest-schemas.ts';
import { api } from './client.ts';
import type { RequestView } from './guest-requests.ts';

/** Guest records as the server returns them (the server's own schema types). */
export type { Guest, GuestType, GuestView };
export type GuestTransitionView = GuestTransition;

/** Every call the web UI makes about one guest record. */
export const guestsApi = {
  /** The guest with what the signed-in user may do with it (`abilities`). */
  get: (id: number, signal?: AbortSignal) => api.getTagged<GuestView>(`/guests/${id}`, undefined, signal),
  transitions: (id: number, signal?: AbortSignal) =>
    api.get<GuestTransitionView[]>(`/guests/${id}/transitions`, undefined, signal),
  type: (id: number, signal?: AbortSignal) => api.get<GuestType>(`/guest-types/${id}`, undefined, signal),
  /** Ask for a later valid-to; the department's approvers decide it as a request of its own. */
  requestRenewal: (id: number, validTo: string) => api.post<RequestView>(`/guests/${id}/renewal-requests`, { validTo }),
  /** Take over a handed-over guest as its new guarantor or sponsor (a guest manager of the handover's unit). */
  takeOver: (id: number, etag: string) => api.post<Guest>(`/guests/${id}/take-over`, {}, etag),
};
