import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has defaults that run the app on the embedded store with the development sign-in', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3978,
      dbPath: 'data/kvalitetsaftaler.db',
      authMode: 'development',
      devTenantId: 'demo',
      demoData: true,
      trustProxy: false,
      readLimitPerMinute: 1200,
    });
  });
  it('refuses to start with the development sign-in in production, saying why', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_MODE: the development sign-in is refused when NODE_ENV=production/);
  });
  it('lists every bad variable by name', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', AUTH_MODE: 'teams' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT: /m);
      expect(problems).toMatch(/^LOG_LEVEL: /m);
    }
  });
  it('reads the reminder settings: grace period, escalation, Teams limits by default or as configured', () => {
    expect(loadConfig({}).reminders).toMatchObject({
      enabled: true,
      graceDays: 10,
      escalateAfterDaysLate: 14,
      limits: { perTenant: [{ limit: 30, perMs: 1_000 }] },
    });
    const c = loadConfig({ REMINDER_GRACE_DAYS: '5', REMINDER_ESCALATE_AFTER_DAYS: '7', REMINDER_RATE_PER_TENANT: '50/1000', REMINDERS: 'off' }).reminders;
    expect(c).toMatchObject({ enabled: false, graceDays: 5, escalateAfterDaysLate: 7, limits: { perTenant: [{ limit: 50, perMs: 1_000 }] } });
    expect(c.limits.perConversation).toHaveLength(4);
    expect(() => loadConfig({ REMINDER_RATE_PER_CONVERSATION: 'seven a second' })).toThrow(/REMINDER_RATE_PER_CONVERSATION: .*count\/milliseconds/);
  });
  it('looks up sends in doubt through Graph when the app registration and the Teams app id are there, and otherwise sends them again', () => {
    expect(loadConfig({}).reminders.inDoubt).toEqual({ kind: 'resend', settleMs: 30_000 });
    const registration = { AAD_APP_TENANT_ID: 't', AAD_APP_CLIENT_ID: 'c', AAD_APP_CLIENT_SECRET: 's', TEAMS_APP_ID: '8d3c2a1e-5b7f-4c9d-9e0a-1f2b3c4d5e6f' };
    expect(loadConfig(registration).reminders.inDoubt).toMatchObject({
      kind: 'graph',
      teamsAppId: registration.TEAMS_APP_ID,
      graph: { tenantId: 't', clientId: 'c' },
    });
    expect(loadConfig({ ...registration, REMINDER_IN_DOUBT: 'resend', REMINDER_IN_DOUBT_SETTLE_MS: '5000' }).reminders.inDoubt).toEqual({
      kind: 'resend',
      settleMs: 5_000,
    });
    try {
      loadConfig({ REMINDER_IN_DOUBT: 'graph', AAD_APP_CLIENT_ID: 'c' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      const problems = (e as ConfigError).problems;
      expect(problems.filter((p) => p.includes('REMINDER_IN_DOUBT=graph')).map((p) => p.split(':')[0])).toEqual([
        'AAD_APP_TENANT_ID',
        'AAD_APP_CLIENT_SECRET',
        'TEAMS_APP_ID',
      ]);
    }
  });
  it('reads the key of the paging cursors, at least 32 characters, none by default', () => {
    expect(loadConfig({}).cursorSecret).toBeNull();
    expect(loadConfig({ CURSOR_SECRET: 'k'.repeat(32) }).cursorSecret).toBe('k'.repeat(32));
    expect(() => loadConfig({ CURSOR_SECRET: 'short' })).toThrow(/CURSOR_SECRET: at least 32 characters/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DB_PATH: '' }).port).toBe(3978);
  });
});

describe('configuration of the SharePoint store', () => {
  it('names every missing variable when STORE=sharepoint', () => {
    try {
      loadConfig({ STORE: 'sharepoint' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      const problems = (e as ConfigError).problems.join('\n');
      for (const v of ['SHAREPOINT_SITE_URL', 'AAD_APP_TENANT_ID', 'AAD_APP_CLIENT_ID', 'AAD_APP_CLIENT_SECRET', 'ORGANISATION_NAME'])
        expect(problems).toMatch(new RegExp(`^${v}: required`, 'm'));
    }
  });
  it('refuses a site URL that is not https and a malformed site id', () => {
    expect(() => loadConfig({ STORE: 'sharepoint', SHAREPOINT_SITE_URL: 'http://x.sharepoint.com/sites/a' })).toThrow(/SHAREPOINT_SITE_URL: an https URL/);
    expect(() => loadConfig({ STORE: 'sharepoint', SHAREPOINT_SITE_ID: 'nope' })).toThrow(/SHAREPOINT_SITE_ID: a Graph site id/);
  });
  it('runs the tenant of the app registration when complete', () => {
    const c = loadConfig({
      STORE: 'sharepoint',
      SHAREPOINT_SITE_URL: 'https://assens.sharepoint.com/sites/kvalitet',
      AAD_APP_TENANT_ID: 'tid-1',
      AAD_APP_CLIENT_ID: 'cid',
      AAD_APP_CLIENT_SECRET: 'secret',
      ORGANISATION_NAME: 'Assens Kommune',
    });
    expect(c.store).toMatchObject({ kind: 'sharepoint', tenantId: 'tid-1', organisation: 'Assens Kommune' });
    expect(c.devTenantId).toBe('tid-1');
  });
});

describe('configuration of the bot', () => {
  it('runs the anonymous development bot by default, acting for a demo person, with links to the local tab', () => {
    const c = loadConfig({});
    expect(c.bot).toEqual({ appId: '', appPassword: '', tenantId: null, developmentPersonId: 'assens-leder-jobcentret' });
    expect(c.publicUrl).toBe('http://localhost:3978');
    expect(c.teamsAppId).toBeNull();
  });
  it('refuses the anonymous bot in production and a bot id without its password', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/BOT_ID: the anonymous development bot is refused when NODE_ENV=production/);
    expect(() => loadConfig({ BOT_ID: 'b0t' })).toThrow(/BOT_PASSWORD: required with BOT_ID/);
    expect(() => loadConfig({ BOT_PASSWORD: 'secret' })).toThrow(/BOT_ID: required with BOT_PASSWORD/);
  });
  it('refuses the anonymous bot with Teams sign-in, naming both variables', () => {
    expect(() => loadConfig({ AUTH_MODE: 'teams', AAD_APP_CLIENT_ID: 'c', ALLOWED_TENANT_IDS: 't' })).toThrow(
      /BOT_ID: the anonymous development bot is refused with AUTH_MODE=teams; set BOT_ID and BOT_PASSWORD/,
    );
  });
  it('uses the bot registration when given, and never a demo person then', () => {
    const c = loadConfig({
      BOT_ID: 'b0t',
      BOT_PASSWORD: 'secret',
      BOT_TENANT_ID: 'tid',
      TEAMS_APP_ID: '11111111-2222-3333-4444-555555555555',
      PUBLIC_URL: 'https://kvalitet.example.dk/',
    });
    expect(c.bot).toEqual({ appId: 'b0t', appPassword: 'secret', tenantId: 'tid', developmentPersonId: null });
    expect(c).toMatchObject({ publicUrl: 'https://kvalitet.example.dk', teamsAppId: '11111111-2222-3333-4444-555555555555' });
  });
});

describe('configuration of Teams single sign-on', () => {
  it('names what Teams single sign-on needs', () => {
    expect(() => loadConfig({ AUTH_MODE: 'teams' })).toThrow(
      /AAD_APP_CLIENT_ID: required with AUTH_MODE=teams[\s\S]*ALLOWED_TENANT_IDS: required with AUTH_MODE=teams/,
    );
  });
  it('takes the audience and the allowed tenants, and switches the development sign-in off', () => {
    const c = loadConfig({ AUTH_MODE: 'teams', AAD_APP_CLIENT_ID: 'client-1', ALLOWED_TENANT_IDS: 'tid-a, tid-b', BOT_ID: 'b0t', BOT_PASSWORD: 'secret' });
    expect(c.sso).toEqual({
      clientId: 'client-1',
      allowedTenants: ['tid-a', 'tid-b'],
      openIdConfigurationUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    });
    expect(loadConfig({}).sso).toBeNull();
  });
});

describe('configuration of Graph on behalf of the user', () => {
  it('needs SharePoint, Teams sign-in and the site id', () => {
    expect(() => loadConfig({ GRAPH_AUTH: 'obo' })).toThrow(
      /GRAPH_AUTH: obo \(on behalf of the user\) needs STORE=sharepoint[\s\S]*GRAPH_AUTH: obo \(on behalf of the user\) needs AUTH_MODE=teams/,
    );
    const c = loadConfig({
      GRAPH_AUTH: 'obo',
      STORE: 'sharepoint',
      AUTH_MODE: 'teams',
      SHAREPOINT_SITE_ID: 'contoso.sharepoint.com,11111111-1111-1111-1111-111111111111,22222222-2222-2222-2222-222222222222',
      AAD_APP_TENANT_ID: 't',
      AAD_APP_CLIENT_ID: 'c',
      AAD_APP_CLIENT_SECRET: 's',
      ORGANISATION_NAME: 'Testby',
      BOT_ID: 'b',
      BOT_PASSWORD: 'p',
    });
    expect(c.store).toMatchObject({ kind: 'sharepoint', graphAuth: 'obo' });
  });
});

describe('configuration of the perimeter', () => {
  it('trusts no proxy by default, and names the hops it trusts', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'none' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::1']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: trusting every hop would let any client choose its address/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/40, proxy.example' })).toThrow(/TRUST_PROXY: 10.0.0.0\/40, proxy.example: give none/);
  });
  it('limits reads per user generously, and the limit can be set', () => {
    expect(loadConfig({}).readLimitPerMinute).toBe(1200);
    expect(loadConfig({ READ_LIMIT_PER_MINUTE: '60' }).readLimitPerMinute).toBe(60);
    expect(() => loadConfig({ READ_LIMIT_PER_MINUTE: '0' })).toThrow(/READ_LIMIT_PER_MINUTE/);
  });
  it('loads the demo data in production only when asked for, on any store', () => {
    const production = { NODE_ENV: 'production', AUTH_MODE: 'teams', AAD_APP_CLIENT_ID: 'c', ALLOWED_TENANT_IDS: 't', BOT_ID: 'b', BOT_PASSWORD: 'p' };
    const sharepoint = {
      STORE: 'sharepoint',
      SHAREPOINT_SITE_URL: 'https://contoso.sharepoint.com/sites/k',
      AAD_APP_TENANT_ID: 't',
      AAD_APP_CLIENT_SECRET: 's',
      ORGANISATION_NAME: 'Testby',
    };
    expect(loadConfig({}).demoData).toBe(true);
    expect(loadConfig({ DEMO_DATA: 'off' }).demoData).toBe(false);
    expect(loadConfig(production).demoData).toBe(false);
    expect(loadConfig({ ...production, ...sharepoint }).demoData).toBe(false);
    // A SharePoint store is a full store: outside production it gets the demo data as SQLite does.
    expect(loadConfig({ ...sharepoint, AAD_APP_CLIENT_ID: 'c' }).demoData).toBe(true);
    expect(loadConfig({ ...production, DEMO_DATA: 'on' }).demoData).toBe(true);
    expect(loadConfig({ ...production, ...sharepoint, DEMO_DATA: 'on' }).demoData).toBe(true);
  });
});
