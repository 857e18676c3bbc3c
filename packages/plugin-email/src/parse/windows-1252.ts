/**
 * Node 20's TextDecoder decodes `windows-1252` (and the labels WHATWG maps to it: iso-8859-1, ascii,
 * latin1 …) as plain Latin-1, so bytes 0x80–0x9F come out as C1 control characters instead of “ ” – €.
 * Latin-1 is lossless, so mapping the C1 range back through the windows-1252 table restores the text;
 * real mail text never carries C1 controls, so the mapping is safe for every charset.
 */
const CP1252: Record<number, string> = {
  0x80: '€',
  0x82: '‚',
  0x83: 'ƒ',
  0x84: '„',
  0x85: '…',
  0x86: '†',
  0x87: '‡',
  0x88: 'ˆ',
  0x89: '‰',
  0x8a: 'Š',
  0x8b: '‹',
  0x8c: 'Œ',
  0x8e: 'Ž',
  0x91: '‘',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x95: '•',
  0x96: '–',
  0x97: '—',
  0x98: '˜',
  0x99: '™',
  0x9a: 'š',
  0x9b: '›',
  0x9c: 'œ',
  0x9e: 'ž',
  0x9f: 'Ÿ',
};

const C1 = /[\u0080-\u009f]/g;

export function fixWindows1252(text: string): string;
export function fixWindows1252(text: string | undefined): string | undefined;
export function fixWindows1252(text: string | undefined): string | undefined {
  if (text === undefined || !C1.test(text)) return text;
  C1.lastIndex = 0;
  return text.replace(C1, (char) => CP1252[char.charCodeAt(0)] ?? '');
}
