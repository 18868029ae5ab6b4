/**
 * Static checks of the Agents Toolkit project in teams-app/: the environment templates carry no ids
 * or secrets, every `${{VAR}}` the project uses is declared somewhere, the Entra app manifest is set
 * up for Teams SSO, and the files the YAML refers to exist. The toolkit's own checks (its YAML schema,
 * `atk validate` on the built manifest) are in teams-app/toolkit-check.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const APP = resolve(__dirname, '..', 'teams-app');
const read = (p: string) => readFileSync(join(APP, p), 'utf8');

const GUID = /[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}/;
const TEAMS_CLIENTS = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];

function parseEnv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!.trim().replace(/^"(.*)"$/, '$1'));
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]!))];
}

/** Variables the toolkit provides itself or writes during a run. */
const BUILT_IN = new Set(['TEAMSFX_ENV', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME', 'RESOURCE_SUFFIX']);

describe.each([
  ['dev', 'm365agents.yml'],
  ['local', 'm365agents.local.yml'],
])('environment %s', (env, yml) => {
  const envFile = `env/.env.${env}`;
  const vars = parseEnv(read(envFile));

  it(`${envFile} holds no ids and no secrets`, () => {
    const text = read(envFile);
    expect(text).not.toMatch(GUID);
    for (const [name, value] of vars) {
      expect(name.startsWith('SECRET_')).toBe(false);
      if (/(_ID|_DOMAIN|_ENDPOINT|AUTHORITY|AUTHORITY_HOST)$/.test(name)) expect([name, value]).toEqual([name, '']);
    }
    expect(vars.get('TEAMSFX_ENV')).toBe(env);
  });

  it(`${envFile} has its secrets file (.env.${env}.user) ignored by git`, () => {
    const gitignore = readFileSync(resolve(APP, '..', '.gitignore'), 'utf8');
    expect(gitignore).toMatch(/^teams-app\/env\/\.env\.\*\.user$/m);
  });

  it(`${yml} uses only variables that the env template declares, secrets from .user, or built-ins`, () => {
    const used = new Set([
      ...placeholders(read(yml)),
      ...(env === 'dev' ? placeholders(read('infra/azure.parameters.json')) : []),
      ...placeholders(read('infra/aad.manifest.json')),
    ]);
    const undeclared = [...used].filter((v) => !vars.has(v) && !v.startsWith('SECRET_') && !BUILT_IN.has(v));
    // APP_DOMAIN / APP_ENDPOINT for local come from the developer's tunnel, in .env.local.user.
    const allowed = env === 'local' ? ['APP_DOMAIN', 'APP_ENDPOINT'] : [];
    expect(undeclared.filter((v) => !allowed.includes(v))).toEqual([]);
  });

  it(`${yml} refers to files that exist`, () => {
    const text = read(yml);
    const paths = [...text.matchAll(/(?:manifestPath|path|parameters|ignoreFile):\s*(\.{1,2}\/[^\s#]+)/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) {
      // ignoreFile is relative to the step's workingDirectory (the repository root).
      const base = p.startsWith('./teams-app/') ? resolve(APP, '..') : APP;
      expect([p, existsSync(resolve(base, p))]).toEqual([p, true]);
    }
  });

  it(`${yml} provisions the Entra apps, the Teams app and the package, and checks it with our rules`, () => {
    const text = read(yml);
    for (const action of [
      'aadApp/create',
      'teamsApp/create',
      'aadApp/update',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]) {
      expect(text).toContain(`uses: ${action}`);
    }
    expect(text).toContain('run package -- --verify build/appPackage/appPackage.${{TEAMSFX_ENV}}.zip');
    // Two Entra apps: one for SSO/Graph, one for the bot (with a service principal).
    expect(text).toContain('clientId: AAD_APP_CLIENT_ID');
    expect(text).toContain('clientId: BOT_ID');
    expect(text).toContain('clientSecret: SECRET_BOT_PASSWORD');
    expect(text).toMatch(/name: Kvalitetsaftaler-bot[^\n]*\n\s+generateClientSecret: true\n\s+generateServicePrincipal: true/);
    expect(text).toMatch(/^version: v\d+\.\d+$/m);
    if (env === 'dev') {
      expect(text).toContain('uses: arm/deploy');
      expect(text).toContain('uses: azureAppService/zipDeploy');
    } else {
      expect(text).toContain('uses: botFramework/create');
    }
  });
});

describe('infra/aad.manifest.json', () => {
  const aad = JSON.parse(read('infra/aad.manifest.json'));

  it('exposes access_as_user on api://APP_DOMAIN/AAD_APP_CLIENT_ID', () => {
    expect(aad.identifierUris).toEqual(['api://${{APP_DOMAIN}}/${{AAD_APP_CLIENT_ID}}']);
    expect(aad.api.oauth2PermissionScopes.map((s: any) => s.value)).toEqual(['access_as_user']);
    expect(aad.api.requestedAccessTokenVersion).toBe(2);
  });

  it('pre-authorises the Teams desktop/mobile and web clients for that scope', () => {
    const scopeId = aad.api.oauth2PermissionScopes[0].id;
    expect(aad.api.preAuthorizedApplications).toEqual(TEAMS_CLIENTS.map((appId) => ({ appId, delegatedPermissionIds: [scopeId] })));
  });

  it('asks Graph for Sites.Selected and for installing the app for users', () => {
    const graph = aad.requiredResourceAccess.find((r: any) => r.resourceAppId === 'Microsoft Graph');
    expect(graph.resourceAccess).toEqual(
      expect.arrayContaining([
        { id: 'Sites.Selected', type: 'Role' },
        { id: 'TeamsAppInstallation.ReadWriteSelfForUser.All', type: 'Role' },
        // The people picker's search of the tenant's members: on behalf of the user (GRAPH_AUTH=obo) or app-only.
        { id: 'User.ReadBasic.All', type: 'Scope' },
        { id: 'User.Read.All', type: 'Role' },
      ]),
    );
  });
});

describe('infra/azure.bicep', () => {
  const bicep = read('infra/azure.bicep');
  const params = JSON.parse(read('infra/azure.parameters.json')).parameters as Record<string, unknown>;

  it('declares every parameter the parameters file sets', () => {
    for (const name of Object.keys(params)) expect(bicep).toMatch(new RegExp(`^param ${name} `, 'm'));
  });

  it('runs Node 20 on App Service and registers the bot with the Teams channel', () => {
    expect(bicep).toContain("linuxFxVersion: 'NODE|20-lts'");
    expect(bicep).toContain("'Microsoft.BotService/botServices@");
    expect(bicep).toContain("channelName: 'MsTeamsChannel'");
    expect(bicep).toContain("endpoint: 'https://${appDomain}/api/messages'");
  });

  it('takes secrets only as @secure() parameters', () => {
    for (const name of ['botAadAppClientSecret', 'aadAppClientSecret']) {
      expect(bicep).toMatch(new RegExp(`@secure\\(\\)\\n(@description\\([^\\n]*\\)\\n)?param ${name} string`));
    }
  });

  it('outputs what the toolkit writes back (resource id, domain)', () => {
    for (const out of ['AZURE_APP_SERVICE_RESOURCE_ID', 'APP_DOMAIN', 'APP_ENDPOINT']) expect(bicep).toMatch(new RegExp(`^output ${out} string`, 'm'));
    expect(existsSync(join(dirname(join(APP, 'infra/azure.bicep')), '.webappignore'))).toBe(true);
  });
});
