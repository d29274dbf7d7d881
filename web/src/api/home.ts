import type { HomeView } from '../../../src/home/home-schemas.ts';
import { api } from './client.ts';

export type { HomeView };

/** The signed-in person's "what needs me" (GET /me/home). */
export const homeApi = {
  get: (signal?: AbortSignal) => api.get<HomeView>('/me/home', undefined, signal),
};
