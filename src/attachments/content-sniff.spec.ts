import { looksLikeMarkup, sniffBuffer, TextCheck } from '@/attachments/content-sniff';

const bytes = (...values: (number | string)[]) =>
  Buffer.concat(
    values.map((v) => (typeof v === 'number' ? Buffer.from([v]) : Buffer.from(v, 'latin1'))),
  );
const PNG = bytes(0x89, 'PNG\r\n', 0x1a, '\n', 'rest of the image');

describe('sniffBuffer', () => {
  it.each([
    ['PNG', PNG, 'x.txt', 'image/png'],
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 'JFIF'), 'x.png', 'image/jpeg'],
    ['GIF89a', bytes('GIF89a', 1, 0), 'x', 'image/gif'],
    ['GIF87a', bytes('GIF87a', 1, 0), 'x', 'image/gif'],
    ['WebP', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), 'x', 'image/webp'],
    ['PDF', bytes('%PDF-1.7\n%', 0xe2, 0xe3), 'x', 'application/pdf'],
    ['plain text', Buffer.from('Hello, world\r\n\tIndented\f'), 'notes.txt', 'text/plain'],
    ['UTF-8 text', Buffer.from('Grüße 🎫 中文'), 'x', 'text/plain'],
    ['CSV by extension', Buffer.from('a,b\n1,2\n'), 'data.CSV', 'text/csv'],
    ['empty file', Buffer.alloc(0), 'empty.txt', 'text/plain'],
    ['text mentioning a tag later', Buffer.from('see <html> below'), 'x', 'text/plain'],
    ['<a without a space or >', Buffer.from('<abc'), 'x', 'text/plain'],
  ])('names %s', (_name, input, filename, expected) => {
    expect(sniffBuffer(input, filename)).toBe(expected);
  });

  it('takes text/csv from the declared type only when the bytes are text', () => {
    expect(sniffBuffer(Buffer.from('a,b'), 'x', 'text/csv')).toBe('text/csv');
    expect(sniffBuffer(PNG, 'x.csv', 'text/csv')).toBe('image/png');
  });

  it.each([
    ['HTML', '<!DOCTYPE html><p>x'],
    ['HTML after whitespace', ' \n\t<html>'],
    ['HTML after a BOM', '\ufeff<script>alert(1)</script>'],
    ['upper-case tag', '<SCRIPT src=x>'],
    ['an iframe', '<iframe src=x>'],
    ['a comment', '<!-- x -->'],
    ['XML', '<?xml version="1.0"?><a/>'],
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['a b tag', '<b>bold</b>'],
  ])('refuses %s as text', (_name, text) => {
    expect(sniffBuffer(Buffer.from(text))).toBeUndefined();
  });

  it.each([
    ['NUL', bytes('abc', 0, 'def')],
    ['an escape', bytes('red', 0x1b, '[31m')],
    ['DEL', bytes('a', 0x7f)],
    ['invalid UTF-8', bytes('caf', 0xe9)],
    ['UTF-16 with a BOM', bytes(0xff, 0xfe, 'h', 0, 'i', 0)],
    ['a truncated UTF-8 sequence at the end', bytes('x', 0xe2, 0x82)],
    ['random binary', bytes(0x00, 0x01, 0x02, 0x03)],
  ])('refuses %s', (_name, input) => {
    expect(sniffBuffer(input)).toBeUndefined();
  });
});

describe('TextCheck', () => {
  it('takes a character split across chunks', () => {
    const euro = Buffer.from('€');
    const check = new TextCheck();
    expect(check.push(euro.subarray(0, 1))).toBe(true);
    expect(check.push(euro.subarray(1))).toBe(true);
    expect(check.end()).toBe(true);
  });
});

describe('looksLikeMarkup', () => {
  it('is false for text that merely starts with <', () => {
    expect(looksLikeMarkup(Buffer.from('<3 you'))).toBe(false);
  });
});
