import { mayOpenSession } from '@/widget/widget-origin';

const API = 'support.example.com';
const LISTED = ['https://shop.example.com', 'http://localhost:8080'];

describe('mayOpenSession', () => {
  it('lets any request without an Origin through: a host backend, not a browser', () => {
    expect(mayOpenSession('identity', undefined, API, [])).toBe(true);
    expect(mayOpenSession('identity', undefined, API, LISTED)).toBe(true);
    expect(mayOpenSession('anonymous', undefined, API, LISTED)).toBe(true);
  });

  it('with WIDGET_ORIGINS empty: anonymous from anywhere, an identity from no browser at all', () => {
    for (const origin of ['https://anywhere.test', `https://${API}`, 'null']) {
      expect(mayOpenSession('anonymous', origin, API, [])).toBe(true);
      expect(mayOpenSession('identity', origin, API, [])).toBe(false);
    }
  });

  it('with WIDGET_ORIGINS set: listed origins and the widget page on the API’s own origin', () => {
    for (const kind of ['identity', 'anonymous'] as const) {
      expect(mayOpenSession(kind, 'https://shop.example.com', API, LISTED)).toBe(true);
      expect(mayOpenSession(kind, 'http://localhost:8080', API, LISTED)).toBe(true);
      expect(mayOpenSession(kind, `https://${API}`, API, LISTED)).toBe(true);
      expect(mayOpenSession(kind, `https://${API}`, `${API}:443`, LISTED)).toBe(true);
      expect(mayOpenSession(kind, 'https://evil.test', API, LISTED)).toBe(false);
      expect(mayOpenSession(kind, 'https://shop.example.com.evil.test', API, LISTED)).toBe(false);
      expect(mayOpenSession(kind, 'http://shop.example.com', API, LISTED)).toBe(false);
      expect(mayOpenSession(kind, 'https://localhost:8080', API, LISTED)).toBe(false);
      expect(mayOpenSession(kind, 'null', API, LISTED)).toBe(false);
      expect(mayOpenSession(kind, 'https://support.example.com:8443', API, LISTED)).toBe(false);
      expect(mayOpenSession(kind, '', API, LISTED)).toBe(false);
    }
  });

  it('matches an origin as browsers write it against the normalised list', () => {
    expect(mayOpenSession('identity', 'https://SHOP.example.com', API, LISTED)).toBe(true);
    expect(mayOpenSession('identity', 'https://shop.example.com:443', API, LISTED)).toBe(true);
  });
});
