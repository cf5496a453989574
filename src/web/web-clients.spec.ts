import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@/config/config';
import type { SecurityHeaders } from '@/common/security-headers';
import {
  CONSOLE_PATH,
  WIDGET_FRAME_PATH,
  WIDGET_LOADER_PATH,
  webClientHeaders,
} from '@/web/web-clients';

const config = (origins: string) =>
  parseConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'sts-web-')),
    JWT_SECRET_KEY: 's',
    WIDGET_ORIGINS: origins,
  });

function headersOf(headers: SecurityHeaders | undefined): Record<string, unknown> {
  if (headers === undefined) throw new Error('no headers for this route');
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  headers(request, response);
  return response.getHeaders();
}

const directive = (csp: unknown, name: string) =>
  String(csp)
    .split(';')
    .find((entry) => entry.startsWith(`${name} `));

describe('webClientHeaders', () => {
  it('lets only WIDGET_ORIGINS frame the widget, with no X-Frame-Options to contradict it', () => {
    const frame = headersOf(
      webClientHeaders(config('https://shop.example,http://127.0.0.1:8080')).get(WIDGET_FRAME_PATH),
    );
    expect(directive(frame['content-security-policy'], 'frame-ancestors')).toBe(
      'frame-ancestors https://shop.example http://127.0.0.1:8080',
    );
    expect(frame['x-frame-options']).toBeUndefined();
    expect(frame['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('lets any page frame the widget when WIDGET_ORIGINS is empty', () => {
    const frame = headersOf(webClientHeaders(config('')).get(WIDGET_FRAME_PATH));
    expect(directive(frame['content-security-policy'], 'frame-ancestors')).toBe(
      'frame-ancestors *',
    );
  });

  it('lets nobody frame the console', () => {
    const page = headersOf(webClientHeaders(config('https://shop.example')).get(CONSOLE_PATH));
    expect(directive(page['content-security-policy'], 'frame-ancestors')).toBe(
      "frame-ancestors 'none'",
    );
    expect(page['x-frame-options']).toBe('DENY');
    expect(page['cross-origin-resource-policy']).toBe('same-origin');
  });

  it.each([WIDGET_FRAME_PATH, CONSOLE_PATH])(
    'allows no inline or foreign script, style or connection on %s',
    (path) => {
      const csp = headersOf(webClientHeaders(config('')).get(path))['content-security-policy'];
      expect(directive(csp, 'default-src')).toBe("default-src 'none'");
      expect(directive(csp, 'script-src')).toBe("script-src 'self'");
      expect(directive(csp, 'style-src')).toBe("style-src 'self'");
      expect(directive(csp, 'connect-src')).toBe("connect-src 'self'");
      expect(directive(csp, 'base-uri')).toBe("base-uri 'none'");
      expect(directive(csp, 'require-trusted-types-for')).toBe(
        "require-trusted-types-for 'script'",
      );
    },
  );

  it('serves the loader to other sites: cross-origin readable, no page policy needed', () => {
    const loader = headersOf(webClientHeaders(config('')).get(WIDGET_LOADER_PATH));
    expect(loader['cross-origin-resource-policy']).toBe('cross-origin');
    expect(loader['content-security-policy']).toBeUndefined();
  });
});
