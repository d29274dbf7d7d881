/**
 * Single sign-on (issue 13): sign-ins under way at an OpenID Connect provider (the PKCE verifier, state and nonce,
 * found again by the hash of the browser's flow cookie), and, on a session opened by one, its provider and the ID
 * token to hand back when signing out there.
 */
export const statements: string[] = [
  `create table oidc_flows (
    id_hash bytea primary key,
    provider text not null,
    state text not null,
    nonce text not null,
    code_verifier text not null,
    return_to text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null
  )`,
  `create index oidc_flows_expires on oidc_flows (expires_at)`,
  `alter table sessions add column provider text`,
  `alter table sessions add column id_token text`,
];
