/**
 * The IT Glue client: one object per instance, holding the resource classes, the escape hatch
 * `request()`, metrics, health and the shared rate budget. Build it with createITGlueClient().
 */
import { isGlueflowError } from './errors/index.js';
import type { BudgetSnapshot } from './budget/types.js';
import type { RateBudget } from './budget/rate-budget.js';
import type { CircuitBreaker, CircuitSnapshot } from './circuit-breaker.js';
import type { Clock } from './clock.js';
import type { ClientMetrics, MetricsSnapshot } from './metrics.js';
import { Attachments } from './resources/attachments.js';
import { Documents } from './resources/documents.js';
import { FlexibleAssetFields, FlexibleAssetTypes, FlexibleAssets } from './resources/flexible-assets.js';
import { GenericResource } from './resources/generic.js';
import { Logs } from './resources/logs.js';
import { Lookup, ReadOnlyLookup } from './resources/lookups.js';
import { Passwords } from './resources/passwords.js';
import { Configurations, Contacts, Locations, Organizations } from './resources/records.js';
import { RelatedItems } from './resources/related-items.js';
import { SecretTraits } from './secret-fields.js';
import type { RawRequest, RawResponse, Transport } from './transport.js';
import type { RecordWriteListener } from './record-writes.js';

export interface ClientStats {
  metrics: MetricsSnapshot;
  budget: BudgetSnapshot;
  circuit: CircuitSnapshot;
  inFlight: number;
  queued: number;
}

export interface HealthReport {
  /** ok: IT Glue answered; degraded: it answered but throttles or the circuit is recovering; down: no answer. */
  status: 'ok' | 'degraded' | 'down';
  /** false after a 401/403; null when IT Glue could not be asked. */
  apiKeyValid: boolean | null;
  responseTimeMs: number | null;
  circuit: CircuitSnapshot;
  budget: BudgetSnapshot;
  baseUrl: string;
  error?: { code: string; message: string; hint: string };
}

export interface ClientParts {
  transport: Transport;
  budget: RateBudget;
  breaker: CircuitBreaker;
  metrics: ClientMetrics;
  clock: Clock;
  baseUrl: string;
  instance: string;
  apiKeySource: string;
  connectionSource: string;
  /** HMAC-SHA256 keyed by the API key; see ITGlueClient.secretDigest. */
  secretDigest: (value: string) => string;
  onClose: () => Promise<void>;
}

export class ITGlueClient {
  readonly baseUrl: string;
  readonly instance: string;
  /** Where the key came from: `option`, `ITGLUE_API_KEY` or `keychain` (never the key). */
  readonly apiKeySource: string;
  /** Where the URL came from: `url option`, `region option`, `ITGLUE_API_URL`, `ITGLUE_REGION`, `default`. */
  readonly connectionSource: string;

  readonly organizations: Organizations;
  readonly organizationTypes: Lookup;
  readonly organizationStatuses: Lookup;
  readonly configurations: Configurations;
  readonly configurationTypes: Lookup;
  readonly configurationStatuses: Lookup;
  readonly contacts: Contacts;
  readonly contactTypes: Lookup;
  readonly locations: Locations;
  readonly passwords: Passwords;
  readonly passwordCategories: Lookup;
  readonly manufacturers: Lookup;
  readonly models: ReadOnlyLookup;
  readonly operatingSystems: ReadOnlyLookup;
  readonly platforms: ReadOnlyLookup;
  readonly countries: ReadOnlyLookup;
  readonly regions: ReadOnlyLookup;
  readonly flexibleAssetTypes: FlexibleAssetTypes;
  readonly flexibleAssetFields: FlexibleAssetFields;
  readonly flexibleAssets: FlexibleAssets;
  readonly documents: Documents;
  readonly attachments: Attachments;
  readonly relatedItems: RelatedItems;
  readonly logs: Logs;
  /** Password-kind trait keys per flexible asset type (see secret-fields.ts). */
  readonly secretTraits: SecretTraits;

  private readonly parts: ClientParts;
  private closing: Promise<void> | undefined;

  constructor(parts: ClientParts) {
    this.parts = parts;
    this.baseUrl = parts.baseUrl;
    this.instance = parts.instance;
    this.apiKeySource = parts.apiKeySource;
    this.connectionSource = parts.connectionSource;
    const t = parts.transport;
    const now = () => parts.clock.now();
    this.organizations = new Organizations(t);
    this.organizationTypes = new Lookup(t, 'organization_types');
    this.organizationStatuses = new Lookup(t, 'organization_statuses');
    this.configurations = new Configurations(t);
    this.configurationTypes = new Lookup(t, 'configuration_types');
    this.configurationStatuses = new Lookup(t, 'configuration_statuses');
    this.contacts = new Contacts(t);
    this.contactTypes = new Lookup(t, 'contact_types');
    this.locations = new Locations(t);
    this.passwords = new Passwords(t);
    this.passwordCategories = new Lookup(t, 'password_categories');
    this.manufacturers = new Lookup(t, 'manufacturers');
    this.models = new ReadOnlyLookup(t, 'models');
    this.operatingSystems = new ReadOnlyLookup(t, 'operating_systems');
    this.platforms = new ReadOnlyLookup(t, 'platforms');
    this.countries = new ReadOnlyLookup(t, 'countries');
    this.regions = new ReadOnlyLookup(t, 'regions');
    this.flexibleAssetTypes = new FlexibleAssetTypes(t);
    this.flexibleAssetFields = new FlexibleAssetFields(t);
    this.secretTraits = new SecretTraits((typeId) => this.flexibleAssetFields.list(typeId));
    this.flexibleAssets = new FlexibleAssets(t, this.flexibleAssetFields, now);
    this.attachments = new Attachments(t, parts.baseUrl);
    this.documents = new Documents(t, this.attachments);
    this.relatedItems = new RelatedItems(t);
    this.logs = new Logs(t, now);
  }

  /** Any IT Glue type by name (`domains`, `expirations`, `flexible_assets` …), untyped. */
  resource(type: string): GenericResource {
    return new GenericResource(this.parts.transport, type);
  }

  /** The escape hatch: one request through budget, breaker and retries; `data` is the raw JSON. */
  request<T = unknown>(request: RawRequest): Promise<RawResponse<T>> {
    return this.parts.transport.send<T>(request);
  }

  /**
   * Follows every successful write (create, update, bulk update, trait update, publish, delete),
   * awaited before the write resolves. Returns the function that stops following.
   */
  onRecordWritten(listener: RecordWriteListener): () => void {
    return this.parts.transport.writes.subscribe(listener);
  }

  /** True while the circuit breaker rejects calls (the cache then serves stale entries). */
  circuitOpen(): boolean {
    return this.parts.breaker.state === 'open';
  }

  async stats(): Promise<ClientStats> {
    return {
      metrics: this.parts.metrics.snapshot(),
      budget: await this.parts.budget.snapshot(),
      circuit: this.parts.breaker.snapshot(),
      inFlight: this.parts.transport.inFlight,
      queued: this.parts.transport.queued,
    };
  }

  /** One cheap interactive call (the first organization) to check key, reachability and latency. */
  /**
   * A change detector for a secret value that is useless without this client's API key: an HMAC keyed
   * by it. State keeps this instead of a plain hash, so a copied SQLite file cannot be used to test
   * guesses of a password offline — and whoever holds the key can read the value from IT Glue anyway.
   */
  secretDigest(value: string): string {
    return this.parts.secretDigest(value);
  }

  async health(): Promise<HealthReport> {
    const started = this.parts.clock.now();
    const base = () => ({ circuit: this.parts.breaker.snapshot(), baseUrl: this.baseUrl });
    try {
      await this.parts.transport.send({
        method: 'GET',
        path: '/organizations',
        query: { 'page[size]': 1 },
        priority: 'interactive',
      });
      const responseTimeMs = this.parts.clock.now() - started;
      const budget = await this.parts.budget.snapshot();
      const degraded = budget.pausedUntil !== null || this.parts.breaker.state !== 'closed';
      return { status: degraded ? 'degraded' : 'ok', apiKeyValid: true, responseTimeMs, budget, ...base() };
    } catch (error) {
      const budget = await this.parts.budget.snapshot();
      if (!isGlueflowError(error)) throw error;
      const answered = error.status !== undefined;
      const keyRejected = error.code === 'EITGLUE_AUTH' || error.code === 'EITGLUE_FORBIDDEN';
      return {
        status: error.code === 'EITGLUE_RATE_LIMITED' ? 'degraded' : 'down',
        apiKeyValid: keyRejected ? false : null,
        responseTimeMs: answered ? this.parts.clock.now() - started : null,
        budget,
        ...base(),
        error: { code: error.code, message: error.message, hint: error.hint },
      };
    }
  }

  /** Waits for calls in flight, frees sockets and this client's share of the budget store. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.parts.transport.close();
      await this.parts.onClose();
    })();
    return this.closing;
  }
}
