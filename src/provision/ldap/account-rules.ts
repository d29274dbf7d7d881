import { renderMappings } from '../mapping-rules.ts';
import type { ProvisionFacts } from '../person-facts-query.ts';
import type { LdapTargetSettings } from '../target-definition.ts';
import type { DesiredAccount } from './ldap-plan.ts';
import { escapeRdnValue, ouDnForPath } from './dn.ts';

/**
 * Where and how a selected person's account should look: attributes by the target's
 * mappings, the DN in the OU of their primary unit (the base DN when they have none), and
 * the directory groups they belong in. Pure. A required attribute that the mapping leaves
 * empty is an error naming the attribute and its template, never a blank written.
 */
export type DesiredResult = { ok: true; account: DesiredAccount } | { ok: false; error: string };

export interface AccountInput {
  facts: ProvisionFacts;
  settings: LdapTargetSettings;
  mappings: Record<string, string>;
  /** The directory groups the person is in now. */
  groups: { dn: string; name: string }[];
  /** The person's unit names from the root, with renamed OUs already applied. */
  unitNames: string[];
  /** Makes the RDN value distinct when another object holds the plain one. */
  collision: boolean;
}

export function desiredAccount(input: AccountInput): DesiredResult {
  const { settings, mappings } = input;
  const facts = { ...input.facts, groups: input.groups.map((g) => g.name) };
  const attributes = renderMappings(mappings, facts);
  for (const required of new Set([settings.rdnAttribute, ...settings.requiredAttributes])) {
    const key = Object.keys(mappings).find((k) => k.toLowerCase() === required.toLowerCase());
    if (!key || !attributes[key]?.length)
      return {
        ok: false,
        error: `the mapping for ${required} (${key ? mappings[key] : 'not mapped'}) gives no value for person ${facts.id}`,
      };
  }
  const rdnKey = Object.keys(attributes).find((k) => k.toLowerCase() === settings.rdnAttribute.toLowerCase())!;
  let rdnValue = attributes[rdnKey][0];
  if (input.collision) {
    rdnValue = `${rdnValue} (${facts.id})`;
    attributes[rdnKey] = [rdnValue];
  }
  const ouDn = ouDnForPath(input.unitNames, settings.baseDn);
  return {
    ok: true,
    account: {
      dn: `${settings.rdnAttribute}=${escapeRdnValue(rdnValue)},${ouDn}`,
      ouDn,
      attributes,
      groups: input.groups.map((g) => g.dn),
    },
  };
}

/** The DN a directory group has: `cn=<name>` in the groups OU. */
export function groupDn(name: string, settings: Pick<LdapTargetSettings, 'groupsDn'>): string {
  return `cn=${escapeRdnValue(name)},${settings.groupsDn}`;
}
