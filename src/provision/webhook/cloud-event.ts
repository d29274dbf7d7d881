/**
 * A change-log entry as a CloudEvents 1.0 event in structured JSON mode (pure: no I/O, no clock).
 * The id is derived from the position alone, so every retry of one entry carries the same id
 * and a receiver can drop the copies it has already seen.
 */

/** The change-log columns an event is made from (`change_log` row). */
export interface ChangeEntry {
  position: number;
  at: Date;
  entity_type: string;
  entity_id: string;
  op: string;
  data: unknown;
}

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  /** Extension attribute: the provisioning target the event was queued for. */
  stewardtarget: string;
  data: Record<string, unknown>;
}

/** The `source` when the deployment names none (a URI-reference, as CloudEvents requires). */
export const defaultEventSource = '/steward';

/** Lower case; any run of characters outside [a-z0-9._-] becomes one '-'. */
function sanitise(part: string): string {
  return part.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

/** `edu.steward.<entity_type>.<op>`, e.g. `edu.steward.person.updated`. */
export function eventType(entityType: string, op: string): string {
  return `edu.steward.${sanitise(entityType)}.${sanitise(op)}`;
}

/** The thing an entry is about; deliveries of one subject reach the receiver in log order. */
export function eventSubject(entityType: string, entityId: string): string {
  return `${entityType}/${entityId}`;
}

export function eventId(position: number): string {
  return `steward-${position}`;
}

/** The entry's data (an object's fields, anything else under `value`) plus its position. */
function eventData(data: unknown, position: number): Record<string, unknown> {
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    return { ...(data as Record<string, unknown>), position };
  }
  return data === null || data === undefined ? { position } : { value: data, position };
}

export function toCloudEvent(entry: ChangeEntry, target: string, source: string = defaultEventSource): CloudEvent {
  return {
    specversion: '1.0',
    id: eventId(entry.position),
    source,
    type: eventType(entry.entity_type, entry.op),
    subject: eventSubject(entry.entity_type, entry.entity_id),
    time: entry.at.toISOString(),
    datacontenttype: 'application/json',
    stewardtarget: target,
    data: eventData(entry.data, entry.position),
  };
}
