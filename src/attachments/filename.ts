// Makes a client's filename safe to store and to send back in Content-Disposition: the last
// path segment only, no control or bidirectional-override characters, NFC, at most 255 UTF-8
// bytes (cut at a character, keeping the extension), never empty, `.` or `..`. Unicode is kept.

export const FILENAME_MAX_BYTES = 255;
const FALLBACK = 'file';

// C0, DEL, C1 controls; the bidi embeddings, overrides and isolates (they disguise extensions);
// lone surrogates, which have no UTF-8 form.
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The longest prefix of `text` within `max` UTF-8 bytes, cut between characters. */
function cut(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (bytes(out + char) > max) break;
    out += char;
  }
  return out;
}

export function sanitizeFilename(raw: string | undefined): string {
  if (raw === undefined) return FALLBACK;
  const segments = raw.split(/[/\\]/);
  let name = (segments[segments.length - 1] ?? '').normalize('NFC').replace(UNSAFE, '');
  // A Windows drive ("C:") left without a backslash, and spaces or dots at the ends.
  name = name.replace(/^[a-zA-Z]:/, '').replace(/^[\s.]+|[\s.]+$/g, '');
  if (name.length === 0) return FALLBACK;
  if (bytes(name) <= FILENAME_MAX_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  return (
    cut(name.slice(0, name.length - extension.length), FILENAME_MAX_BYTES - bytes(extension)) +
    extension
  );
}

/** `attachment; filename*=UTF-8''…` with the name percent-encoded as RFC 8187 attr-chars. */
export function contentDisposition(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}
