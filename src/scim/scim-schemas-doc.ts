import { CORE_USER, ENTERPRISE_USER, STEWARD_PERSON } from './scim-attributes.ts';
import { MAX_OPERATIONS, MAX_PAYLOAD } from './scim-bulk-rules.ts';
import { MAX_RESULTS } from './scim-paging.ts';

/**
 * The service's self-description (RFC 7643 §5–§7): ServiceProviderConfig, ResourceTypes and Schemas. Every attribute
 * is readOnly on this read-only service side except where the RFC fixes otherwise; characteristics follow §2.2.
 */
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SPC = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RT = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

type Type = 'string' | 'boolean' | 'dateTime' | 'reference' | 'complex';
interface AttrOptions {
  multi?: boolean;
  caseExact?: boolean;
  returned?: 'always' | 'never' | 'default' | 'request';
  uniqueness?: 'none' | 'server' | 'global';
  required?: boolean;
  sub?: Record<string, unknown>[];
  refs?: string[];
  mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
}

function attr(name: string, type: Type, description: string, o: AttrOptions = {}): Record<string, unknown> {
  return {
    name,
    type,
    ...(o.sub ? { subAttributes: o.sub } : {}),
    multiValued: o.multi ?? false,
    description,
    required: o.required ?? false,
    ...(type === 'string' || type === 'reference' ? { caseExact: o.caseExact ?? false } : {}),
    mutability: o.mutability ?? 'readOnly',
    returned: o.returned ?? 'default',
    uniqueness: o.uniqueness ?? 'none',
    ...(o.refs ? { referenceTypes: o.refs } : {}),
  };
}

/** Written by SCIM clients through POST, PUT and PATCH of /Users (the write side). */
const rw = { mutability: 'readWrite' } as const;
const multiSub = (what: string) => [
  attr('value', 'string', `The ${what}.`, rw),
  attr('type', 'string', `The ${what}'s label in Steward (e.g. "work", "home").`, rw),
  attr('primary', 'boolean', `Whether this is the primary ${what} (the first one Steward holds).`, rw),
];

const userAttributes = [
  attr('userName', 'string', "The person's username identifier, or person-<id> when they hold none.", {
    required: true,
    uniqueness: 'server',
    ...rw,
  }),
  attr('name', 'complex', "The person's name.", {
    sub: [
      attr('formatted', 'string', 'Given, middle and family name.'),
      attr('familyName', 'string', 'The family name.', rw),
      attr('givenName', 'string', 'The given name.', rw),
      attr('middleName', 'string', 'The middle name(s).', rw),
    ],
    ...rw,
  }),
  attr('displayName', 'string', 'The preferred (else given) name and the family name.'),
  attr('emails', 'complex', 'Email addresses.', { multi: true, sub: multiSub('email address'), ...rw }),
  attr('phoneNumbers', 'complex', 'Phone numbers.', { multi: true, sub: multiSub('phone number'), ...rw }),
  attr('active', 'boolean', 'Whether the person holds a status today or has a current affiliation.', rw),
];

const enterpriseAttributes = [
  attr('employeeNumber', 'string', "The person's employee-number identifier.", { caseExact: true, ...rw }),
  attr('organization', 'string', "The top unit of the primary affiliation's organisation tree."),
  attr('department', 'string', "The unit of the person's primary (earliest begun current) affiliation."),
  attr('manager', 'complex', 'Not kept by Steward: never returned.', {
    sub: [
      attr('value', 'string', 'The manager id.'),
      attr('$ref', 'reference', 'The manager URI.', { refs: ['User'] }),
      attr('displayName', 'string', "The manager's name."),
    ],
  }),
];

const stewardAttributes = [
  attr('statuses', 'complex', "The person's current statuses, highest rank first.", {
    multi: true,
    sub: [attr('name', 'string', 'Status type.'), attr('start', 'string', 'From.'), attr('end', 'string', 'Until.')],
  }),
  attr(
    'primaryOrgUnit',
    'string',
    "The code of the primary affiliation's unit; written, the unit of the writing client's affiliation.",
    { caseExact: true, ...rw },
  ),
  attr('affiliationKind', 'string', "The kind of the writing client's affiliation (written only).", {
    mutability: 'writeOnly',
    returned: 'never',
  }),
  attr('affiliations', 'complex', 'Current affiliations, the primary one first.', {
    multi: true,
    sub: ['kind', 'title', 'orgCode', 'orgName', 'validFrom', 'validTo'].map((n) => attr(n, 'string', n)),
  }),
  attr('identifiers', 'complex', "The person's identifiers.", {
    multi: true,
    sub: ['kind', 'scope', 'value'].map((n) => attr(n, 'string', n, { caseExact: true })),
  }),
];

const groupAttributes = [
  attr(
    'displayName',
    'string',
    "The group's full name (folder path and name). Written by a SCIM client: the name in its own folder.",
    { required: true, mutability: 'readWrite' },
  ),
  attr(
    'members',
    'complex',
    "The group's current effective members (nesting flattened to people); a SCIM client writes direct members.",
    {
      multi: true,
      mutability: 'readWrite',
      sub: [
        attr('value', 'string', 'The person id.', { caseExact: true, mutability: 'immutable' }),
        attr('$ref', 'reference', 'The User URI.', { refs: ['User'] }),
        attr('display', 'string', "The person's display name."),
        attr('type', 'string', 'Always "User".'),
      ],
    },
  ),
];

const schemaDoc = (base: string, id: string, name: string, description: string, attributes: unknown[]) => ({
  schemas: [SCHEMA],
  id,
  name,
  description,
  attributes,
  meta: { resourceType: 'Schema', location: `${base}/Schemas/${id}` },
});

export function schemaDocs(base: string): Record<string, unknown>[] {
  return [
    schemaDoc(base, CORE_USER, 'User', 'User Account', userAttributes),
    schemaDoc(base, ENTERPRISE_USER, 'EnterpriseUser', 'Enterprise User', enterpriseAttributes),
    schemaDoc(
      base,
      STEWARD_PERSON,
      'StewardPerson',
      'A Steward person: statuses, affiliations, identifiers',
      stewardAttributes,
    ),
    schemaDoc(base, CORE_GROUP, 'Group', 'Group', groupAttributes),
  ];
}

export function resourceTypes(base: string): Record<string, unknown>[] {
  return [
    {
      schemas: [RT],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'People of the Steward registry',
      schema: CORE_USER,
      schemaExtensions: [
        { schema: ENTERPRISE_USER, required: false },
        { schema: STEWARD_PERSON, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: [RT],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Steward groups',
      schema: CORE_GROUP,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];
}

export function serviceProviderConfig(base: string): Record<string, unknown> {
  return {
    schemas: [SPC],
    documentationUri: 'https://steward.dev/docs/scim',
    patch: { supported: true },
    bulk: { supported: true, maxOperations: MAX_OPERATIONS, maxPayloadSize: MAX_PAYLOAD },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'API token',
        description: 'A Steward API token of an account holding the scim role, as Authorization: Bearer <token>',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}
