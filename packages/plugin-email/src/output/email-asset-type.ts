import type { EnsuredFlexibleAssetType, FlexibleAssetTypeSpec } from '@glueflow/core';

/** The flexible asset type messages become (created when missing, missing fields added). */
export function emailAssetTypeSpec(name: string): FlexibleAssetTypeSpec {
  return {
    name,
    description: 'Mail filed by @glueflow/plugin-email: header fields, sanitized body, attachments.',
    icon: 'envelope',
    fields: [
      { name: 'Subject', kind: 'Text', required: true, useForTitle: true, showInList: true },
      {
        name: 'Reference',
        kind: 'Text',
        useForTitle: true,
        hint: 'Short id from the Message-ID; keeps messages with the same subject apart',
      },
      { name: 'From', kind: 'Text', showInList: true },
      { name: 'To', kind: 'Text' },
      { name: 'Date', kind: 'Date', showInList: true },
      { name: 'Message-ID', kind: 'Text' },
      { name: 'Body', kind: 'Textbox' },
    ],
  };
}

export type EmailTraitKeys = Record<
  'subject' | 'reference' | 'from' | 'to' | 'date' | 'messageId' | 'body',
  string
>;

/** The name-keys IT Glue gave our fields (they may differ from what we would derive). */
export function traitKeys(type: EnsuredFlexibleAssetType): EmailTraitKeys {
  const key = (name: string) =>
    type.fields.find((field) => field.name.toLowerCase() === name.toLowerCase())?.nameKey ??
    name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    subject: key('Subject'),
    reference: key('Reference'),
    from: key('From'),
    to: key('To'),
    date: key('Date'),
    messageId: key('Message-ID'),
    body: key('Body'),
  };
}
