import { z } from 'zod';

/**
 * The server's configuration, read from the environment once at start and validated. Nothing else in the
 * product reads process.env.
 */
const Env = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().min(1).default('0.0.0.0'),
    DB_PATH: z.string().min(1).default('data/kvalitetsaftaler.db'),
    AUTH_MODE: z.enum(['development']).default('development'),
    DEV_TENANT_ID: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'letters, digits and "-" only').default('demo'),
    DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
    BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/, 'like 512kb or 1mb').default('1mb'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.AUTH_MODE === 'development')
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_MODE'],
        message: 'the development sign-in is refused when NODE_ENV=production; configure Teams single sign-on',
      });
  });

export type Config = {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  dbPath: string;
  authMode: 'development';
  devTenantId: string;
  demoData: 'auto' | 'off';
  logLevel: string;
  shutdownTimeoutMs: number;
  bodyLimit: string;
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
  if (!r.success)
    throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}${i.path[0] === 'AUTH_MODE' && i.code === 'invalid_value' ? ' (Teams single sign-on is not built yet; only "development" exists)' : ''}`));
  const e = r.data;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dbPath: e.DB_PATH,
    authMode: e.AUTH_MODE,
    devTenantId: e.DEV_TENANT_ID,
    demoData: e.DEMO_DATA,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    bodyLimit: e.BODY_LIMIT,
  };
}
