// Names an upload's type from its bytes, never from what the client declared: the binary formats
// by their signatures (magic-bytes.js), text by being valid UTF-8 without control bytes that a
// browser would not take for HTML, SVG or XML (the WHATWG MIME Sniffing patterns, which no
// signature library covers). Pure; fed chunk by chunk.
import { filetypemime } from 'magic-bytes.js';
import type { SniffableType } from '@/config/config';

/** Bytes read before the type is decided (the WHATWG resource header is 1445; 512 covers ours). */
export const SNIFF_BYTES = 512;

type Binary = Exclude<SniffableType, 'text/plain' | 'text/csv'>;

const BINARY_TYPES: readonly Binary[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
];

// WHATWG "rules for identifying an unknown MIME type": the HTML patterns (each followed by a
// space or `>`), the XML one, plus SVG, which a browser renders (and runs scripts in) too.
const HTML_TAGS = [
  '!DOCTYPE HTML',
  'HTML',
  'HEAD',
  'SCRIPT',
  'IFRAME',
  'H1',
  'DIV',
  'FONT',
  'TABLE',
  'A',
  'STYLE',
  'TITLE',
  'B',
  'BODY',
  'BR',
  'P',
  '!--',
];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((byte, i) => bytes[at + i] === byte);
}

/** Whether text starting with `head` would be sniffed as markup: HTML, XML or SVG. */
export function looksLikeMarkup(head: Uint8Array): boolean {
  let at = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (at < head.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(head[at] as number)) at++;
  if (head[at] !== 0x3c) return false; // '<'
  const rest = Buffer.from(head.subarray(at + 1, at + 1 + 20))
    .toString('latin1')
    .toUpperCase();
  if (rest.startsWith('?XML') || rest.startsWith('SVG')) return true;
  return HTML_TAGS.some((tag) => {
    if (!rest.startsWith(tag)) return false;
    const next = rest.charAt(tag.length);
    return next === ' ' || next === '>';
  });
}

/** A byte text may not hold: C0 controls except tab, LF, FF and CR, and DEL. */
function isControl(byte: number): boolean {
  return (
    (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) ||
    byte === 0x7f
  );
}

export type SniffVerdict =
  { kind: 'binary'; type: Binary } | { kind: 'text' } | { kind: 'unknown' };

/** The decision taken on the first SNIFF_BYTES bytes (or the whole file when it is shorter). */
export function sniffHead(head: Uint8Array): SniffVerdict {
  const binary = filetypemime(head).find((mime): mime is Binary =>
    (BINARY_TYPES as readonly string[]).includes(mime),
  );
  if (binary !== undefined) return { kind: 'binary', type: binary };
  if (looksLikeMarkup(head)) return { kind: 'unknown' };
  return { kind: 'text' };
}

/**
 * Checks text as it streams: valid UTF-8 throughout (a character may span chunks) and no
 * control bytes. `push` and `end` return false once the text is refused.
 */
export class TextCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private ok = true;

  push(chunk: Uint8Array): boolean {
    if (!this.ok) return false;
    for (const byte of chunk) {
      if (isControl(byte)) return (this.ok = false);
    }
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.ok = false;
    }
    return this.ok;
  }

  end(): boolean {
    if (!this.ok) return false;
    try {
      this.decoder.decode();
    } catch {
      this.ok = false;
    }
    return this.ok;
  }
}

/** text/csv when the (sanitized) name or the declared type says so, else text/plain. */
export function textType(
  filename: string,
  declared: string | undefined,
): 'text/plain' | 'text/csv' {
  const declaredType = declared?.split(';')[0]?.trim().toLowerCase();
  return /\.csv$/i.test(filename) || declaredType === 'text/csv' ? 'text/csv' : 'text/plain';
}

/** The type of a whole buffer (for tests and small inputs): undefined when it is not one of ours. */
export function sniffBuffer(
  bytes: Uint8Array,
  filename = 'file',
  declared?: string,
): SniffableType | undefined {
  const verdict = sniffHead(bytes.subarray(0, SNIFF_BYTES));
  if (verdict.kind === 'binary') return verdict.type;
  if (verdict.kind === 'unknown') return undefined;
  const check = new TextCheck();
  return check.push(bytes) && check.end() ? textType(filename, declared) : undefined;
}
