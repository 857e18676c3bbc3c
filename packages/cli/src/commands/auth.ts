/**
 * `glueflow auth set|test|remove [--instance NAME] [--secret NAME]`: the API key (account = instance
 * name) or a step secret (account = the NAME of `{ keychain: NAME }`) in the OS keychain, service
 * `glueflow`. Where no keychain exists (headless Linux) it says so and points to ITGLUE_API_KEY.
 */
import { isLoopbackHost } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { duration } from '../render/format.js';
import { KEYCHAIN_SERVICE, osKeychain } from '../session/keychain.js';
import type { KeychainStore } from '../session/keychain.js';
import { loadCliConfig, withItGlue } from '../session/open-session.js';
import { readSecret } from '../session/read-secret.js';

export interface SecretFlag {
  secret?: string;
}

export async function authSetCommand(ctx: CliContext, flags: SecretFlag): Promise<number> {
  const account = flags.secret ?? (await instanceName(ctx));
  const what = flags.secret ? `step secret "${flags.secret}"` : `API key of instance "${account}"`;
  const keychain = await keychainOf(ctx);
  const value = await readSecret(ctx, `IT Glue ${flags.secret ? `secret ${flags.secret}` : 'API key'}:`);
  if (!flags.secret && !value.startsWith('ITG.')) {
    ctx.warn(ctx.colors.yellow('⚠ IT Glue API keys start with "ITG."; storing it anyway'));
  }
  keychain.set(account, value);
  ctx.print(`✓ Stored the ${what} in the OS keychain (service ${KEYCHAIN_SERVICE}, account ${account}).`);
  if (!flags.secret && ctx.env.ITGLUE_API_KEY) {
    ctx.print('  Note: ITGLUE_API_KEY is set in this environment and is used before the keychain.');
  }
  if (!flags.secret) ctx.print('  Check it with `glueflow auth test`.');
  else ctx.print(`  Use it in a config as { keychain: ${JSON.stringify(flags.secret)} }.`);
  return EXIT.ok;
}

export async function authTestCommand(ctx: CliContext, flags: { json?: boolean }): Promise<number> {
  return withItGlue(ctx, async ({ runtime, keySource, config }) => {
    const report = await runtime.client.health();
    const valid = report.apiKeyValid === true;
    if (flags.json) {
      ctx.json({
        instance: config.instanceName,
        baseUrl: report.baseUrl,
        keySource,
        valid: report.apiKeyValid,
        latencyMs: report.responseTimeMs,
        ...(report.error ? { error: report.error } : {}),
      });
    } else if (valid) {
      ctx.print(
        `✓ IT Glue accepted the API key of instance "${config.instanceName}" (from ${keySource}) at ${report.baseUrl} in ${duration(report.responseTimeMs ?? 0)}.`,
      );
    } else {
      const c = ctx.colors;
      // null: nothing answered, so the key was never checked — blaming it would send a person to
      // create a new key for a server that is simply not there.
      const unchecked = report.apiKeyValid === null;
      ctx.print(
        c.red(
          unchecked
            ? `✗ Could not check the API key of instance "${config.instanceName}": ${report.baseUrl} did not answer.`
            : `✗ The API key of instance "${config.instanceName}" (from ${keySource}) did not work at ${report.baseUrl}.`,
        ),
      );
      if (report.error) {
        ctx.print(`  ${report.error.code} ${report.error.message}`);
        const hint = unchecked ? unreachableHint(report.baseUrl, report.error.code) : undefined;
        ctx.print(`  ${c.dim('hint:')} ${hint ?? report.error.hint}`);
      }
    }
    return valid ? EXIT.ok : EXIT.fatal;
  });
}

export async function authRemoveCommand(ctx: CliContext, flags: SecretFlag): Promise<number> {
  const account = flags.secret ?? (await instanceName(ctx));
  const keychain = await keychainOf(ctx);
  if (keychain.delete(account)) {
    ctx.print(`✓ Removed ${KEYCHAIN_SERVICE}/${account} from the OS keychain.`);
  } else {
    ctx.print(`Nothing to remove: the OS keychain has no entry ${KEYCHAIN_SERVICE}/${account}.`);
  }
  return EXIT.ok;
}

async function keychainOf(ctx: CliContext): Promise<KeychainStore> {
  return ctx.keychain ?? (await osKeychain());
}

/** --instance, else the config's instance (so `auth set` in a project stores the key it will use). */
async function instanceName(ctx: CliContext): Promise<string> {
  if (ctx.globals.instance) return ctx.globals.instance;
  return (await loadCliConfig(ctx)).instanceName;
}

/** What to check when the server did not answer; a local URL is nearly always the emulator. */
function unreachableHint(baseUrl: string, code: string): string | undefined {
  if (code !== 'EITGLUE_NETWORK' && code !== 'EITGLUE_TIMEOUT') return undefined;
  const url = new URL(baseUrl);
  return isLoopbackHost(url.hostname)
    ? `the server at ${baseUrl} is unreachable: is \`glueflow emulator\` running? Start it in another terminal (\`glueflow emulator --port ${url.port || 80}\`); the key was not checked`
    : `the server at ${baseUrl} is unreachable: check the URL or region, the network, proxy and DNS; the key was not checked`;
}
