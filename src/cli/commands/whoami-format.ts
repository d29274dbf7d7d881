import type { SessionUser } from '../../platform/http/account-schemas.ts';
import type { ApiClient } from '../api-client.ts';

/** Where a role applies, in words: everywhere, a unit (by code and name when readable) or an office. */
async function scopeOf(api: ApiClient, role: SessionUser['roles'][number]): Promise<string> {
  if (role.office) return `office ${role.office}`;
  if (role.orgId === null) return 'everywhere';
  const unit = await api.get<{ code: string; name: string }>(`/orgs/${role.orgId}`).catch(() => null);
  return unit ? `unit ${unit.code} (${unit.name}) and below` : `unit ${role.orgId} and below`;
}

/** `steward whoami` for people: the account, each role with its scope, and when the credential expires. */
export async function whoamiLines(api: ApiClient, me: SessionUser): Promise<string[]> {
  const lines = [`user:    ${me.username} (${me.displayName})${me.email ? ` <${me.email}>` : ''}`];
  if (me.roles.length === 0) lines.push('roles:   none');
  for (const [i, role] of me.roles.entries())
    lines.push(`${i === 0 ? 'roles:  ' : '        '} ${role.role.padEnd(11)} ${await scopeOf(api, role)}`);
  if (me.credentialExpiresAt !== undefined)
    lines.push(`expires: ${me.credentialExpiresAt ?? 'never'} (the token or session the CLI signs in with)`);
  return lines;
}
