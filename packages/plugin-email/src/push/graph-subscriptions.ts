/**
 * The Graph subscriptions of `email.import` under `glueflow serve` (a `host.service`): for each feed,
 * reuse the saved subscription while it is valid, else create one (Graph validates both URLs first), and
 * renew it `renewBeforeMinutes` ahead of expiry on a timer — a renewal that 404s creates a new one.
 * Failures are reported to /readyz and retried; every timer stops when serve stops. The clientState
 * is sent to Graph once and kept only as a digest (client-state.ts); it is never logged.
 */
import type { JsonValue, PluginHost, ServeServices } from '@glueflow/core';
import { isGlueflowError } from '@glueflow/core';
import { emailError } from '../errors.js';
import type { PluginOptions } from '../options.js';
import { GraphClient } from '../sources/graph/graph-client.js';
import { graphTokenProvider } from '../sources/graph/graph-token.js';
import { requireSecureUrl } from '../sources/secure-url.js';
import { clientStateDigest, clientStateMatches, newClientState } from './client-state.js';
import { graphFeeds } from './graph-feeds.js';
import type { GraphFeed } from './graph-feeds.js';
import type { PushClock } from './push-clock.js';

/** A failed create or renewal is tried again after this long. */
export const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

interface SavedSubscription {
  id: string;
  clientStateSha256: string;
  /** ISO time. */
  expiresAt: string;
  resource: string;
  notificationUrl: string;
  [key: string]: JsonValue;
}

interface Live {
  readonly feed: GraphFeed;
  saved?: SavedSubscription;
  client?: GraphClient;
  cancelTimer?: () => void;
  /** Operations on one subscription run one after another (a timer and a lifecycle event may meet). */
  work: Promise<void>;
}

export interface GraphSubscriptionsOptions {
  host: Pick<PluginHost, 'secret' | 'state'>;
  pluginOptions: PluginOptions;
  clock: PushClock;
}

export class GraphSubscriptions {
  readonly #live = new Map<string, Live>();
  readonly #byId = new Map<string, Live>();
  readonly #problems = new Map<string, string>();
  #serve: ServeServices | undefined;

  constructor(private readonly options: GraphSubscriptionsOptions) {}

  /** The service's start: set up every feed (awaited, so /readyz is truthful once serve is up). */
  async start(serve: ServeServices): Promise<void> {
    const feeds = graphFeeds(serve.entries('email.import'), this.options.pluginOptions);
    if (feeds.length === 0) return;
    if (!serve.publicUrl) {
      const problem = emailError('EEMAIL_GRAPH_PUBLIC_URL', {});
      serve.reportHealth(problem.message);
      serve.logger.warn(problem.message, { code: problem.code, hint: problem.hint });
      return;
    }
    this.#serve = serve;
    serve.signal.addEventListener('abort', () => this.#stop(), { once: true });
    for (const feed of feeds) {
      const live: Live = { feed, work: Promise.resolve() };
      this.#live.set(feed.key, live);
      await this.#queue(live, () => this.#ensure(live));
    }
  }

  /** The feed a notification belongs to, if its subscription is ours and its clientState matches. */
  verify(subscriptionId: unknown, clientState: unknown): GraphFeed | undefined {
    if (typeof subscriptionId !== 'string') return undefined;
    const live = this.#byId.get(subscriptionId);
    if (!live?.saved || !clientStateMatches(clientState, live.saved.clientStateSha256)) return undefined;
    return live.feed;
  }

  /** `reauthorizationRequired`: renew now (a PATCH reauthorizes). Not awaited by the receiver. */
  renewNow(feed: GraphFeed): Promise<void> {
    return this.#on(feed, (live) => this.#renew(live));
  }

  /** `subscriptionRemoved`: Graph dropped it; create a new one. */
  recreate(feed: GraphFeed): Promise<void> {
    return this.#on(feed, (live) => this.#create(live));
  }

  /** `missed`: some notifications were lost — a pushed run that reads the delta catches up. */
  catchUp(feed: GraphFeed, serve: ServeServices): void {
    serve.trigger({ pipeline: feed.pipeline, index: feed.index }); // the whole step: reads the delta
  }

  /** Settles when the work queued so far is done (tests, and a clean stop). */
  async idle(): Promise<void> {
    await Promise.all([...this.#live.values()].map((live) => live.work));
  }

  #on(feed: GraphFeed, fn: (live: Live) => Promise<void>): Promise<void> {
    const live = this.#live.get(feed.key);
    return live ? this.#queue(live, () => fn(live)) : Promise.resolve();
  }

  #queue(live: Live, fn: () => Promise<void>): Promise<void> {
    live.work = live.work.then(async () => {
      if (this.#serve?.signal.aborted) return;
      try {
        await fn();
      } catch (error) {
        this.#failed(live, error);
      }
    });
    return live.work;
  }

  async #ensure(live: Live): Promise<void> {
    const saved = await this.options.host.state().bookmarks.get<SavedSubscription>(live.feed.key);
    const left = saved ? Date.parse(saved.expiresAt) - this.options.clock.now() : 0;
    if (
      !saved ||
      saved.resource !== live.feed.resource ||
      saved.notificationUrl !== this.#urls().notificationUrl
    ) {
      return this.#create(live);
    }
    this.#remember(live, saved);
    if (left > live.feed.renewBeforeMs) return this.#scheduleRenewal(live);
    // Close to expiry (or past it: then the renewal 404s and a new one is created).
    return this.#renew(live);
  }

  async #create(live: Live): Promise<void> {
    const { feed } = live;
    const old = live.saved;
    const clientState = newClientState();
    const expiresAt = new Date(this.options.clock.now() + feed.lifetimeMs).toISOString();
    const created = await this.#client(live).send<{ id?: unknown; expirationDateTime?: unknown }>(
      'POST',
      '/subscriptions',
      {
        changeType: 'created',
        resource: feed.resource,
        ...this.#urls(),
        expirationDateTime: expiresAt,
        clientState,
      },
    );
    if (typeof created?.id !== 'string') throw new Error('Graph answered without a subscription id');
    const saved: SavedSubscription = {
      id: created.id,
      clientStateSha256: clientStateDigest(clientState),
      expiresAt: typeof created.expirationDateTime === 'string' ? created.expirationDateTime : expiresAt,
      resource: feed.resource,
      notificationUrl: this.#urls().notificationUrl,
    };
    await this.#save(live, saved);
    this.#serve?.logger.info(
      `Graph subscription ${saved.id} created for ${feed.source.mailbox}/${feed.source.folder} (expires ${saved.expiresAt})`,
    );
    if (old && old.id !== saved.id) await this.#deleteQuietly(live, old.id);
    this.#healthy(live);
    this.#scheduleRenewal(live);
  }

  async #renew(live: Live): Promise<void> {
    if (!live.saved) return this.#create(live);
    const expiresAt = new Date(this.options.clock.now() + live.feed.lifetimeMs).toISOString();
    try {
      const renewed = await this.#client(live).send<{ expirationDateTime?: unknown }>(
        'PATCH',
        `/subscriptions/${encodeURIComponent(live.saved.id)}`,
        { expirationDateTime: expiresAt },
      );
      const expiry = typeof renewed?.expirationDateTime === 'string' ? renewed.expirationDateTime : expiresAt;
      await this.#save(live, { ...live.saved, expiresAt: expiry });
      this.#serve?.logger.info(`Graph subscription ${live.saved.id} renewed until ${expiry}`);
    } catch (error) {
      if (!isGlueflowError(error, 'EEMAIL_GRAPH_NOT_FOUND')) throw error;
      // Expired or removed at Graph: only a new subscription brings notifications back.
      return this.#create(live);
    }
    this.#healthy(live);
    this.#scheduleRenewal(live);
  }

  async #deleteQuietly(live: Live, id: string): Promise<void> {
    await this.#client(live)
      .send('DELETE', `/subscriptions/${encodeURIComponent(id)}`)
      .catch(() => undefined); // gone already, or it expires by itself within days
  }

  #remember(live: Live, saved: SavedSubscription): void {
    if (live.saved) this.#byId.delete(live.saved.id);
    live.saved = saved;
    this.#byId.set(saved.id, live);
  }

  async #save(live: Live, saved: SavedSubscription): Promise<void> {
    this.#remember(live, saved);
    await this.options.host.state().bookmarks.set(live.feed.key, saved);
  }

  #scheduleRenewal(live: Live): void {
    const at = Date.parse(live.saved!.expiresAt) - live.feed.renewBeforeMs;
    this.#schedule(live, at - this.options.clock.now(), () => this.#renew(live));
  }

  #schedule(live: Live, delayMs: number, fn: () => Promise<void>): void {
    live.cancelTimer?.();
    if (this.#serve?.signal.aborted) return;
    live.cancelTimer = this.options.clock.setTimer(() => void this.#queue(live, fn), Math.max(0, delayMs));
  }

  #failed(live: Live, error: unknown): void {
    if (this.#serve?.signal.aborted) return; // serve stopping aborted the request
    const { source } = live.feed;
    const problem = isGlueflowError(error, 'EEMAIL_INSECURE_URL')
      ? error
      : emailError('EEMAIL_GRAPH_SUBSCRIPTION', {
          action: live.saved ? 'renew' : 'create',
          mailbox: source.mailbox,
          folder: source.folder,
          reason: (error as Error).message,
        });
    this.#problems.set(live.feed.key, problem.message);
    this.#serve?.reportHealth([...this.#problems.values()].join('; '));
    this.#serve?.logger.error(problem.message, { code: problem.code, hint: problem.hint });
    this.#schedule(live, RETRY_AFTER_FAILURE_MS, () => this.#ensure(live));
  }

  #healthy(live: Live): void {
    if (!this.#problems.delete(live.feed.key)) return;
    this.#serve?.reportHealth(this.#problems.size > 0 ? [...this.#problems.values()].join('; ') : undefined);
  }

  #urls(): { notificationUrl: string; lifecycleNotificationUrl: string } {
    const serve = this.#serve!;
    const base = `${serve.publicUrl!.replace(/\/+$/, '')}${serve.prefix}`;
    return { notificationUrl: `${base}/graph`, lifecycleNotificationUrl: `${base}/graph/lifecycle` };
  }

  /** The feed's Graph client, built on first use (the secret is resolved only now). */
  #client(live: Live): GraphClient {
    if (live.client) return live.client;
    const { source } = live.feed;
    const graphUrl = requireSecureUrl(source.graphUrl, 'source.graphUrl');
    const authorityHost = requireSecureUrl(source.authorityHost, 'source.authorityHost');
    const token = graphTokenProvider({
      tenantId: source.tenantId,
      clientId: source.clientId,
      clientSecret: this.options.host.secret(source.clientSecret),
      authorityHost,
      scope: `${new URL(graphUrl).origin}/.default`,
    });
    live.client = new GraphClient({
      baseUrl: graphUrl,
      mailbox: source.mailbox,
      token,
      ...(this.#serve ? { signal: this.#serve.signal } : {}),
    });
    return live.client;
  }

  #stop(): void {
    for (const live of this.#live.values()) {
      live.cancelTimer?.();
      live.cancelTimer = undefined;
    }
  }
}
