/**
 * The audit trail and change log as the API returns them: the server's own route schemas
 * (src/platform/http/audit-schemas.ts), imported as types only, so no server code reaches the bundle.
 */
export type { AuditEntry, ChangePage, VerifyReport as VerifyResult } from '../../../src/platform/http/audit-schemas.ts';
