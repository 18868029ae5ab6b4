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
