import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has defaults that run the app on the embedded store with the development sign-in', () => {
    expect(loadConfig({})).toMatchObject({ port: 3978, dbPath: 'data/kvalitetsaftaler.db', authMode: 'development', devTenantId: 'demo', demoData: 'auto' });
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
      expect(problems).toMatch(/^AUTH_MODE: .*Teams single sign-on is not built yet/m);
    }
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
      for (const v of ['SHAREPOINT_SITE_URL', 'AAD_APP_TENANT_ID', 'AAD_APP_CLIENT_ID', 'AAD_APP_CLIENT_SECRET', 'ORGANISATION_NAME']) expect(problems).toMatch(new RegExp(`^${v}: required`, 'm'));
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
    expect(c.store).toMatchObject({ kind: 'sharepoint', tenantId: 'tid-1', graphBaseUrl: 'https://graph.microsoft.com', organisation: 'Assens Kommune' });
    expect(c.devTenantId).toBe('tid-1');
  });
});
