/**
 * The files of one message that go to IT Glue: each once (the same bytes twice are uploaded once), at
 * most `maxAttachmentsPerMessage` of them. A hostile message can carry thousands of parts; what is left
 * out is reported in one message with the count, never one message per part.
 */
import type { StepContext } from '@glueflow/core';
import type { AttachmentPolicy } from '../parse/attachment-policy.js';
import { decideAttachment } from '../parse/attachment-policy.js';
import type { ParsedAttachment } from '../parse/message-types.js';

export interface FilePolicy extends AttachmentPolicy {
  maxAttachmentsPerMessage: number;
}

/** Skipped files reported one by one per message; the rest are counted in one more message. */
const MAX_SKIP_MESSAGES = 20;

export const SOURCE = '@glueflow/plugin-email:email.import';

export function keptFiles(
  ctx: StepContext,
  item: string,
  files: ParsedAttachment[],
  policy: FilePolicy,
): ParsedAttachment[] {
  const kept: ParsedAttachment[] = [];
  const hashes = new Set<string>();
  let reported = 0;
  let unreported = 0;
  let overLimit = 0;
  for (const file of files) {
    const decision = decideAttachment(file, policy);
    if (!decision.keep) {
      if (decision.notable && reported < MAX_SKIP_MESSAGES) {
        reported += 1;
        ctx.report({
          severity: 'warning',
          code: 'EEMAIL_ATTACHMENT_SKIPPED',
          reason: `${file.fileName} skipped: ${decision.reason}`,
          item,
          place: file.fileName,
          source: SOURCE,
        });
      } else if (decision.notable) unreported += 1;
      continue;
    }
    if (hashes.has(file.sha256)) continue;
    hashes.add(file.sha256);
    if (kept.length < policy.maxAttachmentsPerMessage) kept.push(file);
    else overLimit += 1;
  }
  if (unreported > 0)
    ctx.report({
      severity: 'warning',
      code: 'EEMAIL_ATTACHMENT_SKIPPED',
      reason: `${unreported} more files skipped (denied, not allowed, empty or too large)`,
      item,
      source: SOURCE,
    });
  if (overLimit > 0)
    ctx.report({
      severity: 'warning',
      code: 'EEMAIL_ATTACHMENT_LIMIT',
      reason: `${overLimit} of ${kept.length + overLimit} files not imported: over maxAttachmentsPerMessage (${policy.maxAttachmentsPerMessage})`,
      hint: 'Raise maxAttachmentsPerMessage if such mail is expected; a mail with thousands of parts is usually an attack.',
      item,
      source: SOURCE,
    });
  // The files left out are not needed any more: do not hold their bytes while the others upload.
  const keep = new Set(kept);
  for (const file of files) if (!keep.has(file)) file.content = new Uint8Array();
  return distinctNames(kept);
}

/**
 * `part.txt`, `part (2).txt` …: files of one record never share a name. A file without a mapping is
 * looked for on the record by name and size, and each namesake is downloaded to compare hashes — a
 * mail of same-named parts would make that quadratic.
 */
function distinctNames(files: ParsedAttachment[]): ParsedAttachment[] {
  const taken = new Set<string>();
  /** Per name, the number to try next: linear however many namesakes there are. */
  const next = new Map<string, number>();
  for (const file of files) {
    const wanted = file.fileName;
    const dot = wanted.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [wanted.slice(0, dot), wanted.slice(dot)] : [wanted, ''];
    let name = wanted;
    let n = next.get(wanted.toLowerCase()) ?? 2;
    while (taken.has(name.toLowerCase())) name = `${stem} (${n++})${extension}`;
    next.set(wanted.toLowerCase(), n);
    taken.add(name.toLowerCase());
    file.fileName = name;
  }
  return files;
}
