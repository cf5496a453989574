import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseConfig } from '@/config/config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'sts-config-'));

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const config = parseConfig({ DATA_DIR: dataDir(), JWT_SECRET_KEY: 's' });
    expect(config.port).toBe(3000);
    expect(config.jwt.algorithm).toBe('HS256');
    expect(config.jwt.accessTtlSeconds).toBe(15 * 60);
    expect(config.jwt.refreshTtlSeconds).toBe(7 * 24 * 3600);
    expect(config.bcryptRounds).toBe(12);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.databasePoolSize).toBe(1);
    expect(config.migrationsRun).toBe(true);
  });

  it('names the offending variable in one line', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT: /);
    expect(() => parseConfig({ ALGORITHM: 'RS256' })).toThrow(/ALGORITHM/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => parseConfig({ ADMIN_EMAIL: 'a@b.io' })).toThrow(ConfigError);
  });

  it('requires a 32-character secret in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', JWT_SECRET_KEY: 'short' })).toThrow(
      /JWT_SECRET_KEY/,
    );
    const config = parseConfig({ NODE_ENV: 'production', JWT_SECRET_KEY: 'x'.repeat(32) });
    expect(config.generatedSecretFile).toBeUndefined();
  });

  it('generates a secret once into DATA_DIR and reuses it', () => {
    const dir = dataDir();
    const first = parseConfig({ DATA_DIR: dir });
    const second = parseConfig({ DATA_DIR: dir });
    expect(first.jwt.secret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwt.secret).toBe(first.jwt.secret);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(first.jwt.secret);
  });

  it('uses the configured pool only on a real server', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://u@h/db',
      DATABASE_POOL_SIZE: '7',
      JWT_SECRET_KEY: 's',
    });
    expect(config.databasePoolSize).toBe(7);
  });

  it('splits CORS_ORIGINS', () => {
    const config = parseConfig({
      JWT_SECRET_KEY: 's',
      CORS_ORIGINS: 'http://a.test, http://b.test,',
    });
    expect(config.corsOrigins).toEqual(['http://a.test', 'http://b.test']);
  });

  it('applies the routing defaults and refuses bad routing values', () => {
    const base = { DATA_DIR: dataDir(), JWT_SECRET_KEY: 's' };
    expect(parseConfig(base).routing).toEqual({
      presenceTimeoutSeconds: 60,
      requirePresence: true,
      defaultCapacity: null,
      sweepSeconds: 30,
      requeueAfterSeconds: 600,
    });
    const custom = parseConfig({
      ...base,
      PRESENCE_TIMEOUT_SECONDS: '1.5',
      ROUTING_REQUIRE_PRESENCE: 'false',
      ROUTING_DEFAULT_CAPACITY: '10',
      ROUTING_REQUEUE_AFTER_SECONDS: '0',
    });
    expect(custom.routing).toMatchObject({
      presenceTimeoutSeconds: 1.5,
      requirePresence: false,
      defaultCapacity: 10,
      requeueAfterSeconds: 0,
    });
    for (const [name, value] of [
      ['PRESENCE_TIMEOUT_SECONDS', '0'],
      ['ROUTING_DEFAULT_CAPACITY', '1001'],
      ['ROUTING_DEFAULT_CAPACITY', '2.5'],
      ['ROUTING_SWEEP_SECONDS', '-1'],
      ['ROUTING_REQUEUE_AFTER_SECONDS', 'soon'],
      ['ROUTING_REQUIRE_PRESENCE', 'maybe'],
    ] as const) {
      expect(() => parseConfig({ ...base, [name]: value })).toThrow(new RegExp(`: ${name}: `));
    }
  });

  it.each([
    // [LOG_FORMAT, NODE_ENV, stdout is a terminal, format]
    [undefined, 'development', true, 'pretty'],
    [undefined, 'test', true, 'pretty'],
    [undefined, 'development', false, 'json'],
    [undefined, 'production', true, 'json'],
    ['json', 'development', true, 'json'],
    ['pretty', 'production', false, 'pretty'],
  ] as const)('LOG_FORMAT %s, NODE_ENV %s, terminal %s: %s logs', (format, env, tty, expected) => {
    const config = parseConfig(
      { LOG_FORMAT: format, NODE_ENV: env, JWT_SECRET_KEY: 'x'.repeat(32) },
      tty,
    );
    expect(config.logFormat).toBe(expected);
  });

  it('applies the attachment defaults and requires the S3 settings with the s3 store', () => {
    const config = parseConfig({ DATA_DIR: dataDir(), JWT_SECRET_KEY: 's' });
    expect(config.attachments).toEqual({
      store: 'disk',
      maxBytes: 10 * 1024 * 1024,
      perTicket: 100,
      types: [
        'image/png',
        'image/jpeg',
        'image/gif',
        'image/webp',
        'application/pdf',
        'text/plain',
        'text/csv',
      ],
      s3: undefined,
    });
    const base = { DATA_DIR: dataDir(), JWT_SECRET_KEY: 's', ATTACHMENTS_STORE: 's3' };
    expect(() => parseConfig(base)).toThrow(/S3_BUCKET: required when ATTACHMENTS_STORE=s3/);
    const s3 = parseConfig({
      ...base,
      S3_BUCKET: 'b',
      S3_REGION: 'r',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(s3.attachments.s3).toMatchObject({
      bucket: 'b',
      forcePathStyle: true,
      endpoint: undefined,
    });
    expect(
      parseConfig({ ...base, ATTACHMENTS_STORE: 'disk', ATTACHMENT_TYPES: 'IMAGE/PNG, text/plain' })
        .attachments.types,
    ).toEqual(['image/png', 'text/plain']);
    expect(() => parseConfig({ ATTACHMENT_TYPES: 'text/html' })).toThrow(/ATTACHMENT_TYPES/);
  });

  it('refuses an unknown LOG_FORMAT', () => {
    expect(() => parseConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('reads CSAT_WINDOW_DAYS (7 by default, fractions allowed) and refuses a bad one', () => {
    const base = { DATA_DIR: dataDir(), JWT_SECRET_KEY: 's' };
    expect(parseConfig(base).tickets.csatWindowSeconds).toBe(7 * 24 * 3600);
    expect(parseConfig({ ...base, CSAT_WINDOW_DAYS: '0.5' }).tickets.csatWindowSeconds).toBe(
      12 * 3600,
    );
    for (const value of ['0', '-1', 'a week', '366']) {
      expect(() => parseConfig({ ...base, CSAT_WINDOW_DAYS: value })).toThrow(/CSAT_WINDOW_DAYS/);
    }
  });

  it('reads SEARCH_LANGUAGE (simple by default) and refuses anything but a plain identifier', () => {
    const base = { DATA_DIR: dataDir(), JWT_SECRET_KEY: 's' };
    expect(parseConfig(base).search.language).toBe('simple');
    expect(parseConfig({ ...base, SEARCH_LANGUAGE: 'english' }).search.language).toBe('english');
    for (const value of [
      'English',
      'english; drop table x',
      "simple'",
      'pg_catalog.english',
      '1x',
    ]) {
      expect(() => parseConfig({ ...base, SEARCH_LANGUAGE: value })).toThrow(/SEARCH_LANGUAGE/);
    }
  });
  it('reads the widget settings: no identity secret, no guests and no origins by default', () => {
    const base = { DATA_DIR: dataDir(), JWT_SECRET_KEY: 's' };
    expect(parseConfig(base).widget).toEqual({
      identitySecret: undefined,
      anonymous: false,
      origins: [],
    });
    const secret = 'a widget identity secret of 32 chars';
    expect(
      parseConfig({
        ...base,
        WIDGET_IDENTITY_SECRET: secret,
        WIDGET_ANONYMOUS: 'true',
        WIDGET_ORIGINS: ' https://Shop.Example.com , http://localhost:8080,https://a.test:443,',
      }).widget,
    ).toEqual({
      identitySecret: secret,
      anonymous: true,
      origins: ['https://shop.example.com', 'http://localhost:8080', 'https://a.test'],
    });
    expect(() => parseConfig({ ...base, WIDGET_IDENTITY_SECRET: 'short' })).toThrow(
      /WIDGET_IDENTITY_SECRET: at least 32/,
    );
    expect(() =>
      parseConfig({ ...base, JWT_SECRET_KEY: secret, WIDGET_IDENTITY_SECRET: secret }),
    ).toThrow(/WIDGET_IDENTITY_SECRET: must differ from JWT_SECRET_KEY/);
  });

  it('refuses a WIDGET_ORIGINS entry that is not a bare http(s) origin', () => {
    const base = { DATA_DIR: dataDir(), JWT_SECRET_KEY: 's' };
    for (const value of [
      'shop.example.com',
      'https://shop.example.com/',
      'https://shop.example.com/widget',
      'https://shop.example.com?x=1',
      'https://user:pw@shop.example.com',
      'ftp://shop.example.com',
      '*',
      'null',
      'https://ok.example.com,https://*.example.com',
    ]) {
      expect(() => parseConfig({ ...base, WIDGET_ORIGINS: value })).toThrow(/WIDGET_ORIGINS/);
    }
  });
});
