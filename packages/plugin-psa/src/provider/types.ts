/**
 * The provider contract: what a PSA (or a file) must offer for the sync steps. A provider turns its
 * own records into the normalised shapes below and owns everything about talking to its source —
 * auth, pagination, rate limits, retries. Third parties implement `PsaProviderFactory` and register
 * it through `getPsaHooks(host).providers` (see registry.ts); nothing in this package changes.
 */
import type { GlueflowMessage, PluginLogger, SecretRef } from '@glueflow/core';
import type { z } from 'zod';

export interface PsaAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

/** A PSA company (ConnectWise company, Autotask company, Halo client, HubSpot company, CSV row). */
export interface PsaCompany {
  /** The PSA's own id, stable across renames: the source key is `<source>:<id>`. */
  id: string;
  /** ConnectWise "Company ID", Autotask account number … — becomes the IT Glue short name. */
  identifier: string | null;
  name: string;
  /** Status name as the PSA shows it (`Active`, `Not-Approved` …). */
  status: string | null;
  /** Type names (`Managed Services Client`, `Prospect` …); several in ConnectWise, one elsewhere. */
  types: string[];
  active: boolean;
  phone: string | null;
  website: string | null;
  address: PsaAddress | null;
  parentId: string | null;
  /** ISO-8601 time of the last change in the PSA: the incremental bookmark moves with it. */
  updatedAt: string | null;
  /** Deleted in the PSA (ConnectWise `deletedFlag`, HubSpot archived). */
  deleted: boolean;
}

/** A PSA contact, matched to IT Glue contacts by e-mail. */
export interface PsaContact {
  id: string;
  /** The PSA company it belongs to (its `PsaCompany.id`). */
  companyId: string;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  /** Primary first. */
  emails: string[];
  phone: string | null;
  active: boolean;
  updatedAt: string | null;
}

export interface ListOptions {
  /** Only records changed after this ISO time (incremental runs); absent for a full listing. */
  since?: string;
}

export interface PsaProvider {
  /** Companies, one page in memory at a time. With `since`, deleted companies come back flagged. */
  listCompanies(options?: ListOptions): AsyncIterable<PsaCompany>;
  /**
   * Just these companies, read by id (a push named them): the ones the PSA still has, deleted ones
   * flagged `deleted` where the PSA still shows them; an id it does not know is simply not yielded.
   * Providers without it are read through a full `listCompanies()` filtered by id.
   */
  getCompanies?(ids: readonly string[]): AsyncIterable<PsaCompany>;
  /** Contacts of every company; providers without contacts leave it out. */
  listContacts?(options?: ListOptions): AsyncIterable<PsaContact>;
}

/** What a provider gets when a step creates it: nothing global, everything injected. */
export interface ProviderEnvironment {
  /** Resolves a `{ env }` / `{ keychain }` reference; call it when building requests, never log the value. */
  secret(ref: SecretRef): string;
  /** A secret obtained at run time (HaloPSA's access token): masked in every output from now on. */
  maskSecret(value: string): void;
  /** The config file's folder: relative file paths resolve against it. */
  baseDir: string;
  logger: PluginLogger;
  signal: AbortSignal;
  /** A per-record problem (a malformed CSV row): reported on the item, the listing goes on. */
  report(message: GlueflowMessage): void;
}

export interface PsaProviderFactory<S extends z.ZodType = z.ZodType> {
  /** The `provider:` value users write, e.g. `connectwise`. */
  readonly name: string;
  readonly description: string;
  /** Schema of `connection:`; secrets declared with core's `secret()` helper. */
  readonly connection: S;
  /**
   * IT Glue's `psa-integration-type` for this PSA when IT Glue's own sync knows it (`manage`,
   * `autotask`): enables the `psa-id` match strategy against organizations IT Glue's sync created.
   */
  readonly itglueIntegrationType?: string;
  /** True when `listCompanies({ since })` really filters: otherwise every run is a full listing. */
  readonly incremental: boolean;
  create(connection: z.output<S>, environment: ProviderEnvironment): PsaProvider;
}

/** Types a provider factory (and keeps its connection schema's output type for `create`). */
export function definePsaProvider<S extends z.ZodType>(
  factory: PsaProviderFactory<S>,
): PsaProviderFactory<S> {
  return Object.freeze({ ...factory });
}
