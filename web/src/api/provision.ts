import { api } from './client.ts';
import type {
  Delivery,
  DeliveryState,
  ObjectRef,
  PassReport,
  PersonTarget,
  QueueItem,
  QueueState,
  SyncRun,
  Target,
  TargetInput,
  TargetUpdate,
} from './provision-types.ts';

const path = (name: string, rest = '') => `/provision/targets/${encodeURIComponent(name)}${rest}`;

/** Every call the web UI makes about provisioning targets, in one place. */
export const provisionApi = {
  list: (signal?: AbortSignal) => api.get<Target[]>('/provision/targets', undefined, signal),
  get: (name: string, signal?: AbortSignal) => api.getTagged<Target>(path(name), undefined, signal),
  create: (input: TargetInput) => api.post<Target>('/provision/targets', input),
  update: (name: string, input: TargetUpdate, etag: string) => api.put<Target>(path(name), input, etag),
  setState: (name: string, verb: 'pause' | 'resume', etag: string) =>
    api.post<Target>(path(name, `/${verb}`), {}, etag),
  run: (name: string) => api.post<PassReport>(path(name, '/run')),
  release: (name: string) => api.post<PassReport>(path(name, '/release')),
  queue: (name: string, state: QueueState, signal?: AbortSignal) =>
    api.get<QueueItem[]>(path(name, '/queue'), { state }, signal),
  retry: (name: string, objects?: ObjectRef[]) =>
    api.post<{ affected: number }>(path(name, '/retry'), objects ? { objects } : {}),
  skip: (name: string, objects: ObjectRef[]) => api.post<{ affected: number }>(path(name, '/skip'), { objects }),
  deliveries: (name: string, state: DeliveryState | '', signal?: AbortSignal) =>
    api.get<Delivery[]>(path(name, '/deliveries'), { state }, signal),
  replay: (name: string, ids?: number[]) => api.post<{ affected: number }>(path(name, '/replay'), ids ? { ids } : {}),
  sync: (name: string, dryRun: boolean) => api.post<SyncRun>(path(name, '/sync'), { dryRun }),
  runs: (name: string, signal?: AbortSignal) => api.get<SyncRun[]>(path(name, '/runs'), undefined, signal),
  person: (id: number, signal?: AbortSignal) =>
    api.get<PersonTarget[]>(`/people/${id}/provisioning`, undefined, signal),
};
