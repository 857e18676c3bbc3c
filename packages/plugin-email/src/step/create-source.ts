/**
 * Builds the configured source, resolving its secret only now (never at config load). `ctx.targets`
 * reach the Graph source (message ids a push named) and the directory source (the files of one batch
 * of a run split across workers, as `listItems` named them); IMAP is neither pushed nor split.
 */
import type { StepContext } from '@glueflow/core';
import type { ResolvedStepOptions } from '../options.js';
import { directorySource } from '../sources/directory-source.js';
import { GraphClient } from '../sources/graph/graph-client.js';
import { graphSource } from '../sources/graph/graph-source.js';
import { graphTokenProvider } from '../sources/graph/graph-token.js';
import { imapSource } from '../sources/imap-source.js';
import { requireSecureUrl } from '../sources/secure-url.js';
import type { MailSource } from '../sources/source-types.js';

export function createSource(
  ctx: StepContext,
  source: ResolvedStepOptions['source'],
  maxMessageBytes: number,
): MailSource {
  switch (source.type) {
    case 'directory':
      return directorySource({
        path: source.path,
        recursive: source.recursive,
        baseDir: ctx.baseDir,
        maxMessageBytes,
        ...(ctx.targets ? { only: new Set(ctx.targets) } : {}),
      });
    case 'imap':
      return imapSource({
        host: source.host,
        port: source.port,
        secure: source.secure,
        user: source.user,
        password: ctx.secret(source.password),
        mailbox: source.mailbox,
        ...(source.afterImport ? { afterImport: source.afterImport } : {}),
        bookmarks: ctx.state.bookmarks,
        maxMessageBytes,
      });
    case 'graph': {
      const graphUrl = requireSecureUrl(source.graphUrl, 'source.graphUrl');
      const authorityHost = requireSecureUrl(source.authorityHost, 'source.authorityHost');
      const token = graphTokenProvider({
        tenantId: source.tenantId,
        clientId: source.clientId,
        clientSecret: ctx.secret(source.clientSecret),
        authorityHost,
        scope: `${new URL(graphUrl).origin}/.default`,
        onToken: (value) => ctx.maskSecret(value),
      });
      return graphSource({
        client: new GraphClient({ baseUrl: graphUrl, mailbox: source.mailbox, token, signal: ctx.signal }),
        tenantId: source.tenantId,
        mailbox: source.mailbox,
        folder: source.folder,
        bookmarks: ctx.state.bookmarks,
        maxMessageBytes,
        ...(ctx.targets ? { targets: ctx.targets } : {}),
        note: (reason) => ctx.report({ severity: 'info', code: 'EEMAIL_GRAPH_RESYNC', reason }),
      });
    }
  }
}
