/**
 * Reading CSV and JSON company/contact files into rows keyed by a folded header (`Company Name` →
 * `companyname`), one row at a time with its line number. CSV parsing is csv-parse (streaming, quotes,
 * BOM, per-record error recovery); a broken record is handed to `onBadRecord` and reading goes on.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import { psaError } from '../errors.js';

export type Row = Record<string, unknown>;

export interface FileRow {
  row: Row;
  /** 1-based line (CSV) or array index + 1 (JSON). */
  line: number;
}

export interface ReadOptions {
  path: string;
  /** Where the path came from, for messages (`connection.file`). */
  option: string;
  format?: 'csv' | 'json';
  delimiter?: string;
  /** JSON files may wrap the array in an object: `{ "<listKey>": [...] }`. */
  listKey: string;
  onBadRecord(line: number, reason: string): void;
}

/** `Company Name`, `company_name`, `companyName` → `companyname`. */
export function foldHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export async function* readRows(options: ReadOptions): AsyncGenerator<FileRow> {
  await assertReadable(options.path, options.option);
  const format = options.format ?? (extname(options.path).toLowerCase() === '.json' ? 'json' : 'csv');
  if (format === 'json') yield* jsonRows(options);
  else yield* csvRows(options);
}

async function* csvRows(options: ReadOptions): AsyncGenerator<FileRow> {
  const parser = createReadStream(options.path).pipe(
    parse({
      bom: true,
      columns: (header: string[]) => header.map(foldHeader),
      delimiter: options.delimiter ?? ',',
      skip_empty_lines: true,
      trim: true,
      // A stray quote inside a cell stays text instead of swallowing the rest of the file.
      relax_quotes: true,
      info: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) options.onBadRecord(Number(error.lines) || 0, error.message);
        return undefined;
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: Row; info: { lines: number } }>) {
    yield { row: record, line: info.lines };
  }
}

async function* jsonRows(options: ReadOptions): AsyncGenerator<FileRow> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(options.path, 'utf8'));
  } catch (error) {
    throw psaError(
      'EPSA_FILE',
      `${options.path} is not valid JSON (${(error as Error).message.split('\n')[0]})`,
      `fix the file named by ${options.option}, or export it again`,
      { where: options.path },
    );
  }
  const list = Array.isArray(data) ? data : (data as Record<string, unknown> | null)?.[options.listKey];
  if (!Array.isArray(list)) {
    throw psaError(
      'EPSA_FILE',
      `${options.path} holds neither an array nor { "${options.listKey}": [...] }`,
      `write the records as a JSON array (see examples/psa/README.md)`,
      { where: options.path },
    );
  }
  for (const [index, item] of list.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      options.onBadRecord(index + 1, 'not an object');
      continue;
    }
    const row: Row = {};
    for (const [key, value] of Object.entries(item)) row[foldHeader(key)] = value;
    yield { row, line: index + 1 };
  }
}

async function assertReadable(path: string, option: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
  } catch {
    throw psaError(
      'EPSA_FILE',
      `${path} does not exist or is not a file`,
      `check ${option} (relative paths start at the config file's folder)`,
      {
        where: path,
      },
    );
  }
}
