/**
 * Decision clients (issue 13): when a client last authenticated (HTTP Basic, a token issued or used), for the
 * administrators' list. Kept like `api_tokens.last_used_at`: bookkeeping, at most once a minute, not audited.
 */
export const statements: string[] = [`alter table decision_clients add column last_used_at timestamptz`];
