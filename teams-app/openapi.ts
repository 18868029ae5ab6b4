import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildOpenApi, type SignIn } from '../api/http/openapi';
import { version } from '../package.json';

/**
 * `npm run lint:openapi` writes the OpenAPI documents the server serves, one per sign-in, from the route table,
 * before Redocly CLI lints them (redocly.yaml): build/openapi.json (Teams single sign-on, production) and
 * build/openapi.development.json (the development sign-in).
 */
export const OPENAPI_FILES: Record<string, SignIn> = { 'build/openapi.json': 'teams-sso', 'build/openapi.development.json': 'development' };

if (require.main === module) {
  for (const [path, signIn] of Object.entries(OPENAPI_FILES)) {
    const file = join(__dirname, '..', path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(buildOpenApi({ version, signIn }), null, 2)}\n`);
    process.stdout.write(`wrote ${path}\n`);
  }
}
