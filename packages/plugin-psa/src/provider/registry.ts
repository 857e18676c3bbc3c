/**
 * The extension point for PSA providers, after webpack's `getCompilationHooks`: the hooks of this
 * plugin live beside the engine's hooks (one set per engine, found by the engine's `hooks` object),
 * so a third-party plugin taps them in its own `apply` — in any order relative to this plugin:
 *
 *   getPsaHooks(host).providers.tap('glueflow-psa-syncro', (registry) => registry.add(syncro));
 *
 * The hook is called once per engine, the first time a PSA step needs a provider.
 */
import { SyncHook } from 'tapable';
import { psaError } from '../errors.js';
import { autotask } from './autotask.js';
import { connectwise } from './connectwise.js';
import { csv } from './csv.js';
import { halopsa } from './halopsa.js';
import { hubspot } from './hubspot.js';
import type { PsaProviderFactory } from './types.js';

export const BUILT_IN_PROVIDERS: readonly PsaProviderFactory[] = [
  connectwise,
  autotask,
  halopsa,
  hubspot,
  csv,
];

export class PsaProviderRegistry {
  readonly #factories = new Map<string, PsaProviderFactory>();

  /** Adds a provider; a second one with the same name is an error unless `replace` is set. */
  add(factory: PsaProviderFactory, options: { replace?: boolean } = {}): this {
    if (!/^[a-z][a-z0-9-]*$/.test(factory.name)) {
      throw psaError(
        'EPSA_DUPLICATE_PROVIDER',
        `PSA provider name "${factory.name}" is not a lowercase word`,
        'name providers like `syncro` or `kaseya-bms`',
      );
    }
    if (this.#factories.has(factory.name) && !options.replace) {
      throw psaError(
        'EPSA_DUPLICATE_PROVIDER',
        `two PSA providers are called "${factory.name}"`,
        'rename one, or pass { replace: true } to registry.add to replace the built-in one on purpose',
      );
    }
    this.#factories.set(factory.name, factory);
    return this;
  }

  get(name: string): PsaProviderFactory {
    const factory = this.#factories.get(name);
    if (factory) return factory;
    throw psaError(
      'EPSA_UNKNOWN_PROVIDER',
      `no PSA provider is called "${name}"`,
      `use one of ${this.names().join(', ')}, or add the plugin that provides "${name}"`,
      { where: 'provider' },
    );
  }

  has(name: string): boolean {
    return this.#factories.has(name);
  }

  names(): string[] {
    return [...this.#factories.keys()];
  }
}

export interface PsaHooks {
  /** Add providers: `registry.add(factory)`. Called once per engine, before the first PSA step runs. */
  readonly providers: SyncHook<[PsaProviderRegistry]>;
}

interface EngineSlot {
  hooks: PsaHooks;
  registry?: PsaProviderRegistry;
}

// Keyed by the engine's hooks object; kept on a global symbol so that two installed copies of this
// package (a provider plugin's and the CLI's) still share one set of hooks per engine.
const SLOT = Symbol.for('@glueflow/plugin-psa/hooks');
type Global = typeof globalThis & { [SLOT]?: WeakMap<object, EngineSlot> };

function slotFor(engineHooks: object): EngineSlot {
  const global = globalThis as Global;
  const slots = (global[SLOT] ??= new WeakMap());
  let slot = slots.get(engineHooks);
  if (!slot) {
    slot = { hooks: Object.freeze({ providers: new SyncHook<[PsaProviderRegistry]>(['registry']) }) };
    slots.set(engineHooks, slot);
  }
  return slot;
}

/** This plugin's hooks for the engine a plugin is applied to (`host` is the plugin's `apply` argument). */
export function getPsaHooks(host: { readonly hooks: object }): PsaHooks {
  return slotFor(host.hooks).hooks;
}

/** The built-ins plus every tapped provider, built once per engine. */
export function providerRegistry(host: { readonly hooks: object }): PsaProviderRegistry {
  const slot = slotFor(host.hooks);
  if (!slot.registry) {
    const registry = new PsaProviderRegistry();
    for (const factory of BUILT_IN_PROVIDERS) registry.add(factory);
    slot.hooks.providers.call(registry);
    slot.registry = registry;
  }
  return slot.registry;
}
