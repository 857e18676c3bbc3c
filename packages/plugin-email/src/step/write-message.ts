/** One message → one IT Glue record (flexible asset or document) and its files. */
import type { StepContext, UpsertResult } from '@glueflow/core';
import type { EmailTraitKeys } from '../output/email-asset-type.js';
import { emailFields, headerTableHtml } from '../output/email-fields.js';
import type { FieldIdentity } from '../output/email-fields.js';
import type { ParsedAttachment, ParsedMessage } from '../parse/message-types.js';

export type RecordTarget =
  { kind: 'flexible-asset'; typeId: string; keys: EmailTraitKeys } | { kind: 'document' };

export interface Written {
  result: UpsertResult;
  resourceType: 'flexible_assets' | 'documents';
}

/** The key the write goes under (the source key, or a pre-digest key in a dry run) and the fields' identity. */
export interface RecordIdentity {
  sourceKey: string;
  fields: FieldIdentity;
}

export async function writeRecord(
  ctx: StepContext,
  message: ParsedMessage,
  organizationId: string,
  target: RecordTarget,
  files: ParsedAttachment[],
  identity: RecordIdentity,
): Promise<Written> {
  const fields = emailFields(message, identity.fields);
  // Unique per message (the write gate adopts an existing record by name within the organization).
  const name = `${fields.subject} ${fields.reference}`;
  if (target.kind === 'document') {
    const result = await ctx.itglue.upsertDocument({
      sourceKey: identity.sourceKey,
      organizationId,
      name,
      sections: [
        {
          kind: 'Text',
          content: headerTableHtml(
            fields,
            files.map((file) => file.fileName),
          ),
        },
        { kind: 'Text', content: fields.body || '<p><em>(no body)</em></p>' },
      ],
    });
    return { result, resourceType: 'documents' };
  }
  const { keys } = target;
  const result = await ctx.itglue.upsert({
    sourceKey: identity.sourceKey,
    resourceType: 'flexible_assets',
    organizationId,
    flexibleAssetTypeId: target.typeId,
    naturalKey: { name },
    // An Email asset is documentation in the product's sense: it also fires onDocumentCreated.
    documentSource: true,
    attributes: {
      traits: {
        [keys.subject]: fields.subject,
        [keys.reference]: fields.reference,
        [keys.from]: fields.from,
        [keys.to]: fields.to,
        // IT Glue Date fields take YYYY-MM-DD; a message without a readable Date leaves it empty.
        ...(fields.date ? { [keys.date]: fields.date } : {}),
        [keys.messageId]: fields.messageId,
        [keys.body]: fields.body,
      },
    },
  });
  return { result, resourceType: 'flexible_assets' };
}
