import type { CreatedDecisionClient, DecisionClient } from '../../../src/platform/http/decision-client-schemas.ts';
import { api } from './client.ts';

export type { CreatedDecisionClient, DecisionClient };

/** What the create form sends: applications null means every application. */
export interface NewDecisionClient {
  name: string;
  label: string;
  applications: string[] | null;
}

const path = (name: string, rest = '') => `/decision-clients/${encodeURIComponent(name)}${rest}`;
const version = (c: DecisionClient) => `"${c.version}"`;

/** Every call the web UI makes about decision clients (system administrators only). */
export const decisionClientsApi = {
  list: (signal?: AbortSignal) => api.get<DecisionClient[]>('/decision-clients', undefined, signal),
  create: (input: NewDecisionClient) => api.post<CreatedDecisionClient>('/decision-clients', input),
  rotate: (client: DecisionClient) =>
    api.post<CreatedDecisionClient>(path(client.name, '/secret'), {}, version(client)),
  revoke: (client: DecisionClient) => api.del(path(client.name), version(client)),
};
