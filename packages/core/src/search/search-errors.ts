/**
 * The full-text search's part of core's error catalogue. Codes are a public contract: never rename
 * one, add a new one.
 */
import type { ErrorText } from '@glueflow/itglue';

export const SEARCH_ERRORS = {
  ESEARCH_QUERY: (c: { query: string; detail: string }): ErrorText => ({
    message: `cannot search for ${JSON.stringify(c.query)}: ${c.detail}`,
    hint:
      'put words with "-", ".", ":" or other punctuation in double quotes ("srv-dc01", "10.0.0.1"); ' +
      'end a word with * for a prefix (wifi*); AND, OR, NOT and NEAR must sit between words; ' +
      'name:, body:, traits: and sections: limit a word to one field (see docs/search.md)',
  }),
} as const;
