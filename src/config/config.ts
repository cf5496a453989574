// Owns the environment: parsed and validated once at boot into a typed, read-only object.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from '@/webhooks/retry-schedule';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const ASSIGNMENT_STRATEGIES = ['round_robin', 'random', 'least_loaded'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

export const ATTACHMENT_STORES = ['disk', 's3'] as const;
export type AttachmentStoreKind = (typeof ATTACHMENT_STORES)[number];
/** Every type the content sniffer can name; ATTACHMENT_TYPES picks among them. */
export const SNIFFABLE_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
] as const;
export type SniffableType = (typeof SNIFFABLE_TYPES)[number];

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** An unquoted lower-case SQL identifier, as pg_ts_config names its configurations. */
export const SEARCH_LANGUAGE_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A web origin as browsers send it in `Origin` and CSP matches it in `frame-ancestors`:
 * `scheme://host[:port]`, http(s) only, nothing after the authority. Returned normalised
 * (lower-case host, default port dropped), as `URL.origin` spells it; undefined if it is not one.
 */
export function parseOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const bare =
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    // URL takes `*` and other oddities in a host; an origin has a DNS name or an address.
    /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname) &&
    !value.endsWith('/');
  return bare ? url.origin : undefined;
}

const origin = z.string().transform((value, context) => {
  const parsed = parseOrigin(value);
  if (parsed === undefined) {
    context.addIssue({
      code: 'custom',
      message: `"${value}" is not an origin: scheme://host[:port], http or https, no path`,
    });
    return z.NEVER;
  }
  return parsed;
});

const positiveInt = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: positiveInt(10, 200),
  DATA_DIR: z.string().min(1).default('./data'),
  MIGRATIONS_RUN: bool.default(true),
  JWT_SECRET_KEY: z.string().min(1).optional(),
  ALGORITHM: z.enum(['HS256', 'HS384', 'HS512']).default('HS256'),
  ACCESS_TOKEN_EXPIRE_MINUTES: positiveInt(15, 24 * 60),
  REFRESH_TOKEN_EXPIRE_DAYS: positiveInt(7, 365),
  BCRYPT_ROUNDS: z.coerce.number().int().min(10).max(15).default(12),
  HASH_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8).max(72).optional(),
  CORS_ORIGINS: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'letters, digits, dot, dash or underscore, at most 64')
    .default('sts'),
  TRUST_PROXY: bool.default(false),
  LOGIN_MAX_FAILURES: positiveInt(10, 1000),
  LOGIN_MAX_FAILURES_PER_IP: positiveInt(100, 100_000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  MAX_SOCKETS_PER_USER: positiveInt(20, 10_000),
  CHAT_MESSAGES_PER_10S: z.coerce.number().int().min(0).max(1_000_000).default(20),
  REQUEST_TIMEOUT_SECONDS: positiveInt(30, 3600),
  LOGIN_WINDOW_MINUTES: positiveInt(15, 24 * 60),
  ASSIGNMENT_STRATEGY: z.enum(ASSIGNMENT_STRATEGIES).default('round_robin'),
  AUTO_CLOSE_AFTER_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(96),
  AUTO_CLOSE_CHECK_SECONDS: positiveInt(300, 24 * 3600),
  // Days may be fractional (a window of hours).
  CSAT_WINDOW_DAYS: z.coerce.number().positive().max(365).default(7),
  SLA_WARNING_PERCENT: z.coerce.number().int().min(1).max(99).default(80),
  // Seconds may be fractional, so tests can run the check job on a short clock.
  SLA_CHECK_SECONDS: z.coerce.number().positive().max(3600).default(15),
  // Seconds may be fractional, so tests can run presence and requeue on short clocks.
  PRESENCE_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(60),
  ROUTING_REQUIRE_PRESENCE: bool.default(true),
  ROUTING_DEFAULT_CAPACITY: z.coerce.number().int().min(1).max(1000).optional(),
  ROUTING_SWEEP_SECONDS: z.coerce.number().positive().max(3600).default(30),
  ROUTING_REQUEUE_AFTER_SECONDS: z.coerce
    .number()
    .min(0)
    .max(30 * 24 * 3600)
    .default(600),
  ATTACHMENTS_STORE: z.enum(ATTACHMENT_STORES).default('disk'),
  ATTACHMENT_MAX_BYTES: positiveInt(10 * 1024 * 1024),
  ATTACHMENTS_PER_TICKET: positiveInt(100, 100_000),
  ATTACHMENT_TYPES: z
    .string()
    .default(SNIFFABLE_TYPES.join(','))
    .transform((value) => value.split(',').map((type) => type.trim().toLowerCase()))
    .pipe(z.array(z.enum(SNIFFABLE_TYPES)).min(1)),
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  // A text search configuration's name, checked against pg_ts_config at startup (search module).
  SEARCH_LANGUAGE: z
    .string()
    .regex(SEARCH_LANGUAGE_PATTERN, 'a text search configuration name: a-z, 0-9 or _, at most 63')
    .default('simple'),
  WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  WEBHOOK_ALLOW_HTTP: bool.default(false),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().max(300).default(10),
  WEBHOOK_LOG_DAYS: z.coerce.number().positive().max(3650).default(30),
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default(DEFAULT_RETRY_SCHEDULE.join(','))
    .transform((text, context) => {
      const schedule = parseRetrySchedule(text);
      if (schedule === null) {
        context.addIssue({
          code: 'custom',
          message: 'comma-separated whole seconds, each from 1 to 9999999',
        });
        return z.NEVER;
      }
      return schedule;
    }),
  WEBHOOK_CONCURRENCY: positiveInt(32, 1000),
  // Visitor identity for the widget: the HS256 key host sites sign identity tokens with.
  WIDGET_IDENTITY_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  WIDGET_ANONYMOUS: bool.default(false),
  WIDGET_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0),
    )
    .pipe(z.array(origin)),
});

export type Env = z.input<typeof envSchema>;

export interface AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** Unset means: run on the embedded PGlite database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly migrationsRun: boolean;
  readonly jwt: {
    readonly secret: string;
    readonly algorithm: 'HS256' | 'HS384' | 'HS512';
    readonly accessTtlSeconds: number;
    readonly refreshTtlSeconds: number;
  };
  readonly bcryptRounds: number;
  readonly hashWorkers: number;
  readonly admin: { readonly email: string; readonly password: string } | undefined;
  readonly corsOrigins: string[];
  readonly logLevel: string;
  readonly logFormat: LogFormat;
  readonly redisUrl: string | undefined;
  /** Prefix of every Redis key and stream, so several deployments can share one Redis. */
  readonly redisKeyPrefix: string;
  readonly trustProxy: boolean;
  readonly login: {
    readonly maxFailures: number;
    readonly maxFailuresPerAddress: number;
    readonly windowSeconds: number;
  };
  /** Requests per minute per client address; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  readonly maxSocketsPerUser: number;
  /** Chat messages one socket may send per 10 s; 0 turns the limit off. */
  readonly chatMessagesPer10s: number;
  readonly requestTimeoutMs: number;
  readonly tickets: {
    readonly assignmentStrategy: AssignmentStrategy;
    /** Resolved tickets older than this are closed by the auto-close job. */
    readonly autoCloseAfterSeconds: number;
    readonly autoCloseCheckSeconds: number;
    /** A closed ticket may still be rated this long after its resolution. */
    readonly csatWindowSeconds: number;
  };
  readonly sla: {
    /** The share of a target's business time after which a warning fires. */
    readonly warningPercent: number;
    /** How often each instance looks for due warnings and breaches. */
    readonly checkSeconds: number;
  };
  readonly routing: {
    /** A socket-less agent stays connected this long after a heartbeat; instance liveness too. */
    readonly presenceTimeoutSeconds: number;
    /** false: automatic assignment goes to every active CSR, as before routing (no queue drain). */
    readonly requirePresence: boolean;
    /** Capacity of an agent whose own is not set; null: no limit. */
    readonly defaultCapacity: number | null;
    readonly sweepSeconds: number;
    /** 0: never requeue tickets of offline agents. */
    readonly requeueAfterSeconds: number;
  };
  readonly attachments: {
    readonly store: AttachmentStoreKind;
    readonly maxBytes: number;
    readonly perTicket: number;
    readonly types: readonly SniffableType[];
    /** Set when `store` is s3. */
    readonly s3: S3Config | undefined;
  };
  readonly search: {
    /** The text search configuration (pg_ts_config) the search vectors are built with. */
    readonly language: string;
  };
  readonly webhooks: {
    /** Deliver to loopback, private, link-local… addresses too (tests, trusted networks). */
    readonly allowPrivate: boolean;
    /** Accept http:// endpoint URLs, not only https://. */
    readonly allowHttp: boolean;
    /** A delivery attempt succeeds only with a 2xx within this time. */
    readonly timeoutMs: number;
    /** Finished deliveries are kept this long, then pruned. */
    readonly logDays: number;
    /** Seconds between attempts after the first; spent: the delivery has failed. */
    readonly retrySchedule: readonly number[];
    /** Attempts in flight at once on one instance. */
    readonly concurrency: number;
  };
  readonly widget: {
    /** The HS256 key of host sites' identity tokens; unset: no identified visitors. */
    readonly identitySecret: string | undefined;
    /** Whether `POST /widget/session {}` makes a guest. */
    readonly anonymous: boolean;
    /**
     * Host origins allowed to embed the widget (normalised, as `Origin` spells them): the widget
     * page's `frame-ancestors`, and who may pass an identity. Empty: any site may embed an
     * anonymous widget, none may pass an identity from a browser.
     */
    readonly origins: readonly string[];
  };
  /** Set when no JWT_SECRET_KEY was given and one was generated into DATA_DIR. */
  readonly generatedSecretFile: string | undefined;
}

export interface S3Config {
  /** Unset: the AWS endpoint of the region. */
  readonly endpoint: string | undefined;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly forcePathStyle: boolean;
}

export class ConfigError extends Error {}

/** Parses an environment; throws a ConfigError whose message names the offending variable. */
export function parseConfig(
  env: Record<string, string | undefined>,
  stdoutIsTty = false,
): AppConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${name}: ${issue?.message ?? 'invalid'}`);
  }
  const e = result.data;
  if (e.NODE_ENV === 'production' && (e.JWT_SECRET_KEY?.length ?? 0) < 32) {
    throw new ConfigError(
      'Invalid configuration: JWT_SECRET_KEY: at least 32 characters are required in production',
    );
  }
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      'Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    );
  }
  let s3: S3Config | undefined;
  if (e.ATTACHMENTS_STORE === 's3') {
    for (const name of [
      'S3_BUCKET',
      'S3_REGION',
      'S3_ACCESS_KEY_ID',
      'S3_SECRET_ACCESS_KEY',
    ] as const) {
      if (e[name] === undefined) {
        throw new ConfigError(`Invalid configuration: ${name}: required when ATTACHMENTS_STORE=s3`);
      }
    }
    s3 = {
      endpoint: e.S3_ENDPOINT,
      bucket: e.S3_BUCKET as string,
      region: e.S3_REGION as string,
      accessKeyId: e.S3_ACCESS_KEY_ID as string,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY as string,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
    };
  }
  const dataDir = resolve(e.DATA_DIR);
  let secret = e.JWT_SECRET_KEY;
  let generatedSecretFile: string | undefined;
  if (secret === undefined) {
    generatedSecretFile = join(dataDir, 'jwt-secret');
    secret = readOrCreateSecret(generatedSecretFile);
  }
  // One key for both would let our own access tokens pass as identity tokens (and a host site
  // holding it could sign ours).
  if (e.WIDGET_IDENTITY_SECRET !== undefined && e.WIDGET_IDENTITY_SECRET === secret) {
    throw new ConfigError(
      'Invalid configuration: WIDGET_IDENTITY_SECRET: must differ from JWT_SECRET_KEY',
    );
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    // pglite-socket multiplexes every connection onto one PGlite session: one connection is safe.
    databasePoolSize: e.DATABASE_URL === undefined ? 1 : e.DATABASE_POOL_SIZE,
    dataDir,
    migrationsRun: e.MIGRATIONS_RUN,
    jwt: {
      secret,
      algorithm: e.ALGORITHM,
      accessTtlSeconds: e.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
      refreshTtlSeconds: e.REFRESH_TOKEN_EXPIRE_DAYS * 24 * 3600,
    },
    bcryptRounds: e.BCRYPT_ROUNDS,
    hashWorkers: e.HASH_WORKERS,
    admin:
      e.ADMIN_EMAIL !== undefined && e.ADMIN_PASSWORD !== undefined
        ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD }
        : undefined,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? defaultLogFormat(e.NODE_ENV, stdoutIsTty),
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    trustProxy: e.TRUST_PROXY,
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: e.LOGIN_WINDOW_MINUTES * 60,
    },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    maxSocketsPerUser: e.MAX_SOCKETS_PER_USER,
    chatMessagesPer10s: e.CHAT_MESSAGES_PER_10S,
    requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
    tickets: {
      assignmentStrategy: e.ASSIGNMENT_STRATEGY,
      autoCloseAfterSeconds: Math.round(e.AUTO_CLOSE_AFTER_HOURS * 3600),
      autoCloseCheckSeconds: e.AUTO_CLOSE_CHECK_SECONDS,
      csatWindowSeconds: Math.round(e.CSAT_WINDOW_DAYS * 24 * 3600),
    },
    sla: {
      warningPercent: e.SLA_WARNING_PERCENT,
      checkSeconds: e.SLA_CHECK_SECONDS,
    },
    routing: {
      presenceTimeoutSeconds: e.PRESENCE_TIMEOUT_SECONDS,
      requirePresence: e.ROUTING_REQUIRE_PRESENCE,
      defaultCapacity: e.ROUTING_DEFAULT_CAPACITY ?? null,
      sweepSeconds: e.ROUTING_SWEEP_SECONDS,
      requeueAfterSeconds: e.ROUTING_REQUEUE_AFTER_SECONDS,
    },
    attachments: {
      store: e.ATTACHMENTS_STORE,
      maxBytes: e.ATTACHMENT_MAX_BYTES,
      perTicket: e.ATTACHMENTS_PER_TICKET,
      types: [...new Set(e.ATTACHMENT_TYPES)],
      s3,
    },
    search: { language: e.SEARCH_LANGUAGE },
    webhooks: {
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
      allowHttp: e.WEBHOOK_ALLOW_HTTP,
      timeoutMs: Math.round(e.WEBHOOK_TIMEOUT_SECONDS * 1000),
      logDays: e.WEBHOOK_LOG_DAYS,
      retrySchedule: e.WEBHOOK_RETRY_SCHEDULE,
      concurrency: e.WEBHOOK_CONCURRENCY,
    },
    widget: {
      identitySecret: e.WIDGET_IDENTITY_SECRET,
      anonymous: e.WIDGET_ANONYMOUS,
      origins: [...new Set(e.WIDGET_ORIGINS)],
    },
    generatedSecretFile,
  };
}

/** The process environment, read in this one place. */
export function loadConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return parseConfig({ ...process.env, ...overrides }, process.stdout.isTTY);
}

/** A person reads a terminal in development; anything else (a pipe, a file, production) gets JSON. */
export function defaultLogFormat(nodeEnv: AppConfig['nodeEnv'], stdoutIsTty: boolean): LogFormat {
  return nodeEnv !== 'production' && stdoutIsTty ? 'pretty' : 'json';
}

function readOrCreateSecret(file: string): string {
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  mkdirSync(resolve(file, '..'), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    // Another process created it first: use theirs so both sign with one key.
    return readFileSync(file, 'utf8').trim();
  }
}
