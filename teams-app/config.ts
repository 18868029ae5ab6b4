import { isIP } from 'node:net';
import { z } from 'zod';
import { parseRateWindows, TEAMS_RATE_LIMITS, type RateLimits, type RateWindow } from '../bot/rate-limiter';
import { DEFAULT_KEY_FIGURE_SCHEDULE, type KeyFigureSchedule } from '../api/core/services/key-figures';
import { REAL_HOSTS, type KeyFigureHosts } from '../api/keyfigures';

/**
 * The server's configuration, read from the environment once at start and validated. Nothing else in the
 * product reads process.env.
 */
/** "7/1000,8/2000" (count per milliseconds). */
const rateWindows = z.string().transform((text, ctx): RateWindow[] => {
  try {
    return parseRateWindows(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `${(err as Error).message}; give count/milliseconds pairs separated by commas, such as 7/1000,8/2000` });
    return z.NEVER;
  }
});

/** Names Express (proxy-addr) knows for groups of addresses. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'] as const;

/**
 * TRUST_PROXY: which hops in front of the server are believed about the client's address
 * (X-Forwarded-For): none, a number of hops, or addresses, subnets and the names above. Never "everyone".
 */
const trustProxy = z.string().transform((text, ctx): false | number | string[] => {
  const value = text.trim().toLowerCase();
  if (value === 'false' || value === 'none') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= 10) return hops === 0 ? false : hops;
  }
  if (value === 'true' || value === '*') {
    ctx.addIssue({
      code: 'custom',
      message: 'trusting every hop would let any client choose its address; name the proxies (addresses, subnets, loopback) or the number of hops',
    });
    return z.NEVER;
  }
  const items = value
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = items.filter((item) => {
    if ((PROXY_NAMES as readonly string[]).includes(item)) return false;
    const [address, prefix, ...rest] = item.split('/');
    if (rest.length || !isIP(address!)) return true;
    return prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (isIP(address!) === 4 ? 32 : 128));
  });
  if (!items.length || bad.length) {
    ctx.addIssue({
      code: 'custom',
      message: `${bad.join(', ') || 'empty'}: give none, a number of hops (1–10), or addresses and subnets (10.0.0.0/8) and ${PROXY_NAMES.join(', ')}, separated by commas`,
    });
    return z.NEVER;
  }
  return items;
});

/** What looking up sends in doubt through Graph needs (REMINDER_IN_DOUBT=graph, the default when all are set). */
const IN_DOUBT_GRAPH_NEEDS = ['AAD_APP_TENANT_ID', 'AAD_APP_CLIENT_ID', 'AAD_APP_CLIENT_SECRET', 'TEAMS_APP_ID'] as const;

/** Variables whose values are secrets: never logged (teams-app/logger.ts scrubs them from every line). */
export const SECRET_VARIABLES = ['BOT_PASSWORD', 'MicrosoftAppPassword', 'AAD_APP_CLIENT_SECRET', 'CURSOR_SECRET', 'REDIS_URL'] as const;

const Env = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().min(1).default('0.0.0.0'),
    DB_PATH: z.string().min(1).default('data/kvalitetsaftaler.db'),
    SHAREPOINT_RECOVERY_DIR: z.string().min(1).default('data/sharepoint-recovery'),
    AUTH_MODE: z.enum(['development', 'teams']).default('development'),
    ALLOWED_TENANT_IDS: z.string().optional(),
    OPENID_CONFIGURATION_URL: z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration'),
    /** Entra object ids of the tenant admins (comma-separated): they create municipalities and act as every municipality's quality office. */
    TENANT_ADMIN_IDS: z
      .string()
      .regex(/^\s*[A-Za-z0-9][A-Za-z0-9_.:-]*\s*(,\s*[A-Za-z0-9][A-Za-z0-9_.:-]*\s*)*$/, 'person ids (Entra object ids) separated by commas')
      .optional(),
    WRITE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
    CURSOR_SECRET: z.string().min(32, 'at least 32 characters, such as the output of: openssl rand -base64 32').optional(),
    /** Redis for the live channel between instances (dialogue meetings): redis://host:port or rediss://:password@host:port. */
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    READ_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(1200),
    TRUST_PROXY: trustProxy.default(false),
    DEV_TENANT_ID: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, 'letters, digits and "-" only')
      .default('demo'),
    DEMO_DATA: z.enum(['auto', 'on', 'off']).default('auto'),
    BENCH_BASELINE: z.enum(['on', 'off']).default('off'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(kb|mb)$/, 'like 512kb or 1mb')
      .default('1mb'),
    STORE: z.enum(['sqlite', 'sharepoint']).default('sqlite'),
    SHAREPOINT_SITE_ID: z
      .string()
      .regex(/^[^,\s]+,[0-9a-fA-F-]{36},[0-9a-fA-F-]{36}$/, 'a Graph site id: <host>,<site collection guid>,<web guid>')
      .optional(),
    SHAREPOINT_SITE_URL: z.url({ protocol: /^https$/, error: 'an https URL such as https://contoso.sharepoint.com/sites/kvalitet' }).optional(),
    AAD_APP_TENANT_ID: z.string().min(1).optional(),
    AAD_APP_CLIENT_ID: z.string().min(1).optional(),
    AAD_APP_CLIENT_SECRET: z.string().min(1).optional(),
    ORGANISATION_NAME: z.string().min(1).max(100).optional(),
    GRAPH_AUTH: z.enum(['app', 'obo']).default('app'),
    BOT_ID: z.string().min(1).optional(),
    BOT_PASSWORD: z.string().min(1).optional(),
    BOT_TENANT_ID: z.string().min(1).optional(),
    BOT_DEV_PERSON_ID: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'a person id')
      .default('assens-leder-jobcentret'),
    TEAMS_APP_ID: z
      .string()
      .regex(/^[0-9a-fA-F-]{36}$/, 'the GUID of the Teams app (manifest id)')
      .optional(),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    KEYFIGURES: z.enum(['on', 'off']).default('on'),
    KOLADA_URL: z.url({ protocol: /^https?$/ }).default(REAL_HOSTS.koladaUrl),
    STATBANK_URL: z.url({ protocol: /^https?$/ }).default(REAL_HOSTS.statbankUrl),
    KEYFIGURE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
    KEYFIGURE_TICK_MS: z.coerce.number().int().min(100).max(86_400_000).default(300_000),
    KEYFIGURE_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(60_000)
      .max(30 * 86_400_000)
      .default(DEFAULT_KEY_FIGURE_SCHEDULE.intervalMs),
    KEYFIGURE_RETRY_BASE_MS: z.coerce.number().int().min(100).max(86_400_000).default(DEFAULT_KEY_FIGURE_SCHEDULE.retryBaseMs),
    KEYFIGURE_RETRY_CAP_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(7 * 86_400_000)
      .default(DEFAULT_KEY_FIGURE_SCHEDULE.retryCapMs),
    REMINDER_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(10),
    REMINDER_ESCALATE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    REMINDERS: z.enum(['on', 'off']).default('on'),
    REMINDER_PLAN_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(7 * 86_400_000)
      .default(86_400_000),
    REMINDER_POLL_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
    REMINDER_LEASE_TTL_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
    REMINDER_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(500).default(16),
    REMINDER_RATE_PER_CONVERSATION: rateWindows.optional(),
    REMINDER_RATE_PER_TENANT: rateWindows.optional(),
    REMINDER_RETRY_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(1_000),
    REMINDER_RETRY_CAP_MS: z.coerce.number().int().min(1).max(3_600_000).default(60_000),
    REMINDER_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    REMINDER_IN_DOUBT: z.enum(['graph', 'resend']).optional(),
    REMINDER_IN_DOUBT_SETTLE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  })
  .superRefine((env, ctx) => {
    if (env.STORE === 'sharepoint') {
      const need = (key: keyof typeof env, why: string) => {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `required with STORE=sharepoint: ${why}` });
      };
      if (!env.SHAREPOINT_SITE_ID && !env.SHAREPOINT_SITE_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['SHAREPOINT_SITE_URL'],
          message: 'required with STORE=sharepoint (or SHAREPOINT_SITE_ID): the site that holds the lists',
        });
      need('AAD_APP_TENANT_ID', 'the Microsoft Entra tenant id of the municipality');
      need('AAD_APP_CLIENT_ID', 'the client id of the app registration granted Sites.Selected');
      need('AAD_APP_CLIENT_SECRET', 'its client secret');
      need('ORGANISATION_NAME', "the municipality's name, sent in the User-Agent SharePoint asks for");
    }
    if (env.BOT_ID && !env.BOT_PASSWORD)
      ctx.addIssue({ code: 'custom', path: ['BOT_PASSWORD'], message: 'required with BOT_ID: the client secret of the bot registration' });
    if (env.BOT_PASSWORD && !env.BOT_ID)
      ctx.addIssue({ code: 'custom', path: ['BOT_ID'], message: 'required with BOT_PASSWORD: the app id of the bot registration' });
    // Without credentials the bot believes whoever posts an activity: only with the development sign-in.
    if (!env.BOT_ID && (env.NODE_ENV === 'production' || env.AUTH_MODE === 'teams'))
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_ID'],
        message: `the anonymous development bot is refused ${env.NODE_ENV === 'production' ? 'when NODE_ENV=production' : 'with AUTH_MODE=teams'}; set BOT_ID and BOT_PASSWORD of the bot registration`,
      });
    if (env.REMINDER_IN_DOUBT === 'graph')
      for (const key of IN_DOUBT_GRAPH_NEEDS)
        if (!env[key])
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'required with REMINDER_IN_DOUBT=graph: sends in doubt after a crash are looked up in the chat through Microsoft Graph',
          });
    if (env.GRAPH_AUTH === 'obo') {
      if (env.STORE !== 'sharepoint') ctx.addIssue({ code: 'custom', path: ['GRAPH_AUTH'], message: 'obo (on behalf of the user) needs STORE=sharepoint' });
      if (env.AUTH_MODE !== 'teams')
        ctx.addIssue({
          code: 'custom',
          path: ['GRAPH_AUTH'],
          message: 'obo (on behalf of the user) needs AUTH_MODE=teams: the user token comes from Teams SSO',
        });
      if (!env.SHAREPOINT_SITE_ID)
        ctx.addIssue({ code: 'custom', path: ['SHAREPOINT_SITE_ID'], message: 'required with GRAPH_AUTH=obo: the Graph id of the site' });
    }
    if (env.AUTH_MODE === 'teams') {
      if (!env.AAD_APP_CLIENT_ID)
        ctx.addIssue({
          code: 'custom',
          path: ['AAD_APP_CLIENT_ID'],
          message: 'required with AUTH_MODE=teams: the client id of the SSO app registration (token audience)',
        });
      if (!env.ALLOWED_TENANT_IDS && !env.AAD_APP_TENANT_ID)
        ctx.addIssue({
          code: 'custom',
          path: ['ALLOWED_TENANT_IDS'],
          message: 'required with AUTH_MODE=teams (or AAD_APP_TENANT_ID): the tenants whose users may sign in, comma-separated',
        });
    }
    if (env.NODE_ENV === 'production' && env.BENCH_BASELINE === 'on')
      ctx.addIssue({ code: 'custom', path: ['BENCH_BASELINE'], message: 'the benchmark baseline routes are refused when NODE_ENV=production' });
    if (env.NODE_ENV === 'production' && env.AUTH_MODE === 'development')
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_MODE'],
        message: 'the development sign-in is refused when NODE_ENV=production; configure Teams single sign-on',
      });
  });

export type Config = {
  /** The values of SECRET_VARIABLES that are set, for the logger to scrub. */
  secrets: string[];
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  dbPath: string;
  authMode: 'development' | 'teams';
  /** Teams single sign-on, when AUTH_MODE=teams. */
  sso: { clientId: string; allowedTenants: string[]; openIdConfigurationUrl: string } | null;
  writeLimitPerMinute: number;
  /** Seals the API's paging cursors; the same on every instance. Null: a random key per process. */
  cursorSecret: string | null;
  readLimitPerMinute: number;
  /** The live channel between instances (REDIS_URL); null: within the one process. A secret (it may hold a password). */
  redisUrl: string | null;
  /** Express' "trust proxy": false, a number of hops, or addresses, subnets and names. */
  trustProxy: false | number | string[];
  /** People who administer the tenant (TENANT_ADMIN_IDS). */
  tenantAdminIds: string[];
  devTenantId: string;
  /**
   * Whether the demo municipalities that are not in the store yet are loaded at start: DEMO_DATA=on always;
   * auto outside production, into SQLite or SharePoint alike.
   */
  demoData: boolean;
  /** `npm run bench` only: the fair baseline routes under /api/bench-baseline (see teams-app/bench-baseline.ts). */
  benchBaseline: boolean;
  logLevel: string;
  shutdownTimeoutMs: number;
  bodyLimit: string;
  /** Where the server is reached from outside (links in the bot's messages). */
  publicUrl: string;
  teamsAppId: string | null;
  bot: {
    /** Empty for the anonymous development bot (Agents Playground), refused in production. */
    appId: string;
    appPassword: string;
    tenantId: string | null;
    /** The demo person an unknown user acts as, only with the development bot. */
    developmentPersonId: string | null;
  };
  /**
   * Key figures from Kolada and StatBank (docs/keyfigures.md): whether the server fetches them (KEYFIGURES), where
   * (KOLADA_URL, STATBANK_URL: the real hosts unless set), how often a run looks for due links (KEYFIGURE_TICK_MS),
   * and the schedule a link keeps (KEYFIGURE_INTERVAL_MS, KEYFIGURE_RETRY_BASE_MS, KEYFIGURE_RETRY_CAP_MS).
   */
  keyFigures: { enabled: boolean; hosts: KeyFigureHosts; tickMs: number; schedule: KeyFigureSchedule };
  /** The annual cycle's reminders: planning, the grace period, escalation, and the dispatcher's limits. */
  reminders: {
    enabled: boolean;
    graceDays: number;
    escalateAfterDaysLate: number;
    planIntervalMs: number;
    pollMs: number;
    leaseTtlMs: number;
    maxInFlight: number;
    limits: RateLimits;
    retry: { baseMs: number; capMs: number; maxAttempts: number };
    /**
     * What happens to a send in flight when a process died: looked up in the person's chat through Graph
     * (delivered exactly once), or sent again (at least once; development without an app registration).
     */
    inDoubt:
      | { kind: 'resend'; settleMs: number }
      | { kind: 'graph'; settleMs: number; teamsAppId: string; graph: { tenantId: string; clientId: string; clientSecret: string; organisation: string } };
  };
  store:
    | { kind: 'sqlite'; path: string }
    | {
        kind: 'sharepoint';
        siteId?: string;
        siteUrl?: string;
        tenantId: string;
        clientId: string;
        clientSecret: string;
        organisation: string;
        /** The recovery journal's directory: the write-ahead entries of commits not yet complete (recovery-journal.ts). */
        recoveryDir: string;
        /** app: app-only tokens; obo: requests of signed-in users reach SharePoint on their behalf. */
        graphAuth: 'app' | 'obo';
      };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty variables count as unset, as in most deployment tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = Env.safeParse(present);
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = r.data;
  return {
    secrets: SECRET_VARIABLES.map((key) => present[key]).filter((v): v is string => typeof v === 'string'),
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dbPath: e.DB_PATH,
    authMode: e.AUTH_MODE,
    sso:
      e.AUTH_MODE === 'teams'
        ? {
            clientId: e.AAD_APP_CLIENT_ID!,
            allowedTenants: (e.ALLOWED_TENANT_IDS ?? e.AAD_APP_TENANT_ID!)
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean),
            openIdConfigurationUrl: e.OPENID_CONFIGURATION_URL,
          }
        : null,
    writeLimitPerMinute: e.WRITE_LIMIT_PER_MINUTE,
    cursorSecret: e.CURSOR_SECRET ?? null,
    readLimitPerMinute: e.READ_LIMIT_PER_MINUTE,
    redisUrl: e.REDIS_URL ?? null,
    trustProxy: e.TRUST_PROXY,
    tenantAdminIds: (e.TENANT_ADMIN_IDS ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
    devTenantId: e.STORE === 'sharepoint' && !present.DEV_TENANT_ID ? e.AAD_APP_TENANT_ID! : e.DEV_TENANT_ID,
    demoData: e.DEMO_DATA === 'on' || (e.DEMO_DATA === 'auto' && e.NODE_ENV !== 'production'),
    benchBaseline: e.BENCH_BASELINE === 'on',
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    bodyLimit: e.BODY_LIMIT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    teamsAppId: e.TEAMS_APP_ID ?? null,
    bot: {
      appId: e.BOT_ID ?? '',
      appPassword: e.BOT_PASSWORD ?? '',
      tenantId: e.BOT_TENANT_ID ?? null,
      developmentPersonId: e.BOT_ID ? null : e.BOT_DEV_PERSON_ID,
    },
    keyFigures: {
      enabled: e.KEYFIGURES === 'on',
      hosts: { koladaUrl: e.KOLADA_URL.replace(/\/+$/, ''), statbankUrl: e.STATBANK_URL.replace(/\/+$/, ''), timeoutMs: e.KEYFIGURE_TIMEOUT_MS },
      tickMs: e.KEYFIGURE_TICK_MS,
      schedule: { intervalMs: e.KEYFIGURE_INTERVAL_MS, retryBaseMs: e.KEYFIGURE_RETRY_BASE_MS, retryCapMs: e.KEYFIGURE_RETRY_CAP_MS },
    },
    reminders: {
      enabled: e.REMINDERS === 'on',
      graceDays: e.REMINDER_GRACE_DAYS,
      escalateAfterDaysLate: e.REMINDER_ESCALATE_AFTER_DAYS,
      planIntervalMs: e.REMINDER_PLAN_INTERVAL_MS,
      pollMs: e.REMINDER_POLL_MS,
      leaseTtlMs: e.REMINDER_LEASE_TTL_MS,
      maxInFlight: e.REMINDER_MAX_IN_FLIGHT,
      limits: {
        perConversation: e.REMINDER_RATE_PER_CONVERSATION ?? TEAMS_RATE_LIMITS.perConversation,
        perTenant: e.REMINDER_RATE_PER_TENANT ?? TEAMS_RATE_LIMITS.perTenant,
      },
      retry: { baseMs: e.REMINDER_RETRY_BASE_MS, capMs: e.REMINDER_RETRY_CAP_MS, maxAttempts: e.REMINDER_RETRY_MAX_ATTEMPTS },
      // Graph by default whenever the app registration and the Teams app id are there to use it.
      inDoubt:
        (e.REMINDER_IN_DOUBT ?? (IN_DOUBT_GRAPH_NEEDS.every((key) => e[key]) ? 'graph' : 'resend')) === 'graph'
          ? {
              kind: 'graph',
              settleMs: e.REMINDER_IN_DOUBT_SETTLE_MS,
              teamsAppId: e.TEAMS_APP_ID!,
              graph: {
                tenantId: e.AAD_APP_TENANT_ID!,
                clientId: e.AAD_APP_CLIENT_ID!,
                clientSecret: e.AAD_APP_CLIENT_SECRET!,
                organisation: e.ORGANISATION_NAME ?? 'Kvalitetsaftaler',
              },
            }
          : { kind: 'resend', settleMs: e.REMINDER_IN_DOUBT_SETTLE_MS },
    },
    store:
      e.STORE === 'sqlite'
        ? { kind: 'sqlite', path: e.DB_PATH }
        : {
            kind: 'sharepoint',
            siteId: e.SHAREPOINT_SITE_ID,
            siteUrl: e.SHAREPOINT_SITE_URL,
            tenantId: e.AAD_APP_TENANT_ID!,
            clientId: e.AAD_APP_CLIENT_ID!,
            clientSecret: e.AAD_APP_CLIENT_SECRET!,
            organisation: e.ORGANISATION_NAME!,
            recoveryDir: e.SHAREPOINT_RECOVERY_DIR,
            graphAuth: e.GRAPH_AUTH,
          },
  };
}
