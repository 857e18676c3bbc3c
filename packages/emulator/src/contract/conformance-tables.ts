/**
 * The conformance test's decisions, as data (test support): what the emulator does not emulate,
 * which undocumented attributes it may answer and why, and how to reach index routes that need a
 * filter. A test fails on any entry that no longer applies, so the tables stay true.
 */

/** Documented resources (by JSON:API type) the emulator does not serve, and why. */
export const NOT_EMULATED: Readonly<Record<string, string>> = {
  users: 'accounts and their users live outside the documentation data Glueflow automates',
  'user-metrics': 'derived usage statistics of users, who are not emulated',
  groups: 'permission groups of users, who are not emulated',
  exports: 'asynchronous account exports (zip files); nothing in Glueflow starts one',
  domains: 'read-only and filled by IT Glue itself (registrar lookups); Glueflow reads none',
  expirations: 'read-only, computed by IT Glue from dates on other records',
  countries: 'a fixed list; locations keep country ids and names as written',
  regions: 'a fixed list; locations keep region ids and names as written',
  'rmm-records': 'RMM sync records (side-loaded on configurations); no RMM is emulated',
};

/**
 * Attributes the emulator answers that the docs' examples of that type do not show, each with the
 * reason it is there. "§" = reference/itglue-api.md.
 */
const PSA_STATUS =
  "IT Glue's PSA sync status: every script run against the live API reads it (§6a); no docs example shows a synced record";
const RESOURCE_URL =
  'the docs list resource-url among the attributes the API always fills; the examples of this type omit it';
const WRITABLE =
  'a documented request parameter of this type (docs PATCH/POST tables, §6); answered like every writable field';

export const EXTRA_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  organizations: {
    'psa-integration': PSA_STATUS,
    'resource-url': RESOURCE_URL,
    'my-glue-account-id': 'a documented filter, range filter and sort key of organizations (§4)',
  },
  configurations: {
    'psa-integration': PSA_STATUS,
    'default-gateway': WRITABLE,
    'contact-id': `${WRITABLE}; also a documented filter`,
    'contact-name': 'the denormalised name of contact-id, like every other *-id/*-name pair (§6)',
    restricted: WRITABLE,
    'mitp-device-expiration-date': `${WRITABLE} (still writable when PSA-synced)`,
    'mitp-end-of-life-date': `${WRITABLE} (still writable when PSA-synced)`,
  },
  'configuration-interfaces': { 'configuration-id': `${WRITABLE}: names the owning configuration` },
  contacts: {
    'psa-integration': PSA_STATUS,
    'sync-active': 'the contact-level PSA lock flag CIPP reads next to psa-integration (§6a)',
    'resource-url': RESOURCE_URL,
    restricted: WRITABLE,
  },
  locations: { 'psa-integration': PSA_STATUS, 'resource-url': RESOURCE_URL, restricted: WRITABLE },
  passwords: {
    'is-live': "in the docs' show example; answered on the index too rather than dropped from it",
    archived: `${WRITABLE}; also a documented filter`,
    'password-folder-id': `${WRITABLE} (§6)`,
    'otp-enabled': 'tells whether an OTP secret is set (the secret itself is never answered, §6)',
    'parent-url': 'listed among the password attributes in §6 (Private-Universe/itglue passwords_test.go)',
    'vault-id': 'listed among the password attributes in §6 (Private-Universe/itglue passwords_test.go)',
    'updated-by-type': 'the type of updated-by, listed in §6 as updated-by(-type)',
  },
  'flexible-asset-types': { enabled: 'a documented filter of flexible asset types (params)' },
  models: { 'manufacturer-id': 'written by every documented models request (POST, PATCH, bulk PATCH)' },
};

/** Index routes that answer only with a filter (flexible assets need their type). */
export const INDEX_SCOPES: Readonly<Record<string, { attribute: string; filter: string }>> = {
  '/flexible_assets': { attribute: 'flexible-asset-type-id', filter: 'flexible_asset_type_id' },
};

/**
 * Of the documented attributes that have a type in the examples, at least this share must have been
 * type-checked on a non-null emulator value (the rest only for presence): the world fills fields.
 */
export const MIN_TYPE_COVERAGE = 0.95;
