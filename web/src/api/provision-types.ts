/**
 * Provisioning as the API returns it: the server's own route schemas (src/provision/provision-schemas.ts), imported
 * as types only, so no server code reaches the bundle.
 */
import type { Static } from 'typebox';
import type {
  Delivery as DeliverySchema,
  PassReport as PassReportSchema,
  Target as TargetSchema,
  TargetUpdateBody,
} from '../../../src/provision/provision-schemas.ts';

export type {
  Fix,
  PersonTarget,
  QueueItem,
  SyncRun,
  TargetBody as TargetInput,
} from '../../../src/provision/provision-schemas.ts';
export type Target = Static<typeof TargetSchema>;
export type TargetUpdate = Static<typeof TargetUpdateBody>;
export type PassReport = Static<typeof PassReportSchema>;
export type Delivery = Static<typeof DeliverySchema>;
export type QueueState = 'errors' | 'pending' | 'retrying' | 'waiting';
export type DeliveryState = 'pending' | 'delivered' | 'dead';
export interface ObjectRef {
  objectType: 'person' | 'group' | 'role' | 'unit';
  objectId: number;
}
