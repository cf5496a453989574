import { contentDisposition, sanitizeFilename } from '@/attachments/filename';

describe('sanitizeFilename', () => {
  it.each([
    ['a plain name', 'report.pdf', 'report.pdf'],
    ['POSIX traversal', '../../etc/passwd', 'passwd'],
    ['a Windows path', 'C:\\x\\y.png', 'y.png'],
    ['a drive without a backslash', 'C:y.png', 'y.png'],
    ['mixed separators', 'a/b\\c/..\\d.txt', 'd.txt'],
    ['only dots', '..', 'file'],
    ['a trailing separator', 'dir/', 'file'],
    ['nothing', '', 'file'],
    ['undefined', undefined, 'file'],
    ['control characters', 'a\u0000b\u0007c\u001b[31m\u007f\u0085.txt', 'abc[31m.txt'],
    ['newlines', 'evil\r\nSet-Cookie: x.txt', 'evilSet-Cookie: x.txt'],
    ['a bidi override', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['Unicode', 'Grüße 中文 🎫.png', 'Grüße 中文 🎫.png'],
    ['decomposed accents (NFC)', 'Cafe\u0301.txt', 'Café.txt'],
    ['leading dots and spaces', ' .hidden. ', 'hidden'],
  ])('makes %s safe', (_name, raw, expected) => {
    expect(sanitizeFilename(raw)).toBe(expected);
  });

  it('cuts a long name to 255 UTF-8 bytes between characters, keeping the extension', () => {
    const name = sanitizeFilename(`${'é'.repeat(200)}.png`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith('.png')).toBe(true);
    expect(name).not.toContain('\ufffd');
    expect(sanitizeFilename('x'.repeat(300))).toHaveLength(255);
    const emoji = sanitizeFilename('🎫'.repeat(100));
    expect(Buffer.byteLength(emoji)).toBe(252);
  });
});

describe('contentDisposition', () => {
  it('percent-encodes everything outside RFC 8187 attr-chars', () => {
    expect(contentDisposition("it's (a) *test* 中.txt")).toBe(
      "attachment; filename*=UTF-8''it%27s%20%28a%29%20%2Atest%2A%20%E4%B8%AD.txt",
    );
  });
});
