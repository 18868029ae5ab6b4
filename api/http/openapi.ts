import { z } from 'zod';
import { ApiError } from './contract';
import { routesFor, type Route } from './routes';

/**
 * The OpenAPI 3.1 document of the REST API, written from the route table (routes.ts): every path, parameter,
 * request body and response comes from the table and its zod schemas, converted with zod's JSON Schema
 * conversion (named schemas become components). Served at /api/openapi.json; `npm run lint:openapi` writes
 * it and lints it; the tests validate real responses against it.
 */

type Json = Record<string, unknown>;
export type SignIn = 'development' | 'teams-sso';

/** How a request is signed in, by the server's sign-in (api/http/teams-sso.ts, api/http/identity.ts). */
const SECURITY_SCHEMES: Record<SignIn, Record<string, Json>> = {
  'teams-sso': {
    teamsSso: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'Teams single sign-on: the token the tab gets from `authentication.getAuthToken()` (TeamsJS), sent as `Authorization: Bearer <token>`. An Entra ID v2.0 access token (RS256) for the app registration: audience the client id or `api://…/<client id>`, scope `access_as_user`, issued by an allowed tenant (claims `tid` and `oid` required).',
    },
  },
  development: {
    devSignIn: {
      type: 'apiKey',
      in: 'header',
      name: 'X-Dev-User',
      description: 'Development sign-in only (refused in production): the id of the person to act as.',
    },
  },
};

/** Other systems: an Entra ID application token (teams-sso.ts, verifyApplication), for the routes marked `application`. */
const APPLICATION_SCHEME = {
  entraApplication: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "Another system signed in as itself (OAuth 2.0 client credentials, https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow): an Entra ID access token for this app registration (scope `api://<client id>/.default`), RS256, from an allowed tenant, with the app role `Measurements.Write` in `roles`, the calling application in `azp` (`appid` in v1.0 tokens) and no `scp` (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference). The municipality grants the application id (its unit's `measurementApps`).",
  },
};

const SCHEMA_OPTIONS = {
  unrepresentable: 'any',
  target: 'draft-2020-12',
  cycles: 'ref',
  reused: 'inline',
  // Any value or null (`z.unknown().nullable()`) is any value.
  override: ({ jsonSchema }: { jsonSchema: Json }) => {
    if (Array.isArray(jsonSchema.anyOf) && jsonSchema.anyOf.some((s) => Object.keys(s as Json).length === 0)) delete jsonSchema.anyOf;
  },
} as const;
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (the field is named)',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict: changed meanwhile, or not allowed in this state',
  413: 'Body too large',
  415: 'The body is not of a type the operation takes',
  422: 'A reference points at nothing, or outside what the caller may reach',
  428: 'The revision the change is based on is missing (If-Match)',
  429: 'Too many requests (Retry-After)',
};
const SIGNED_IN_ERRORS = [401, 429];

/**
 * Converts the schemas of one direction (responses: output; requests: input) in one go: named schemas become
 * `$defs`, which the document keeps as components. Returns each schema's JSON Schema and the components.
 */
function convert(io: 'input' | 'output', schemas: readonly z.ZodType[]): { of: (s: z.ZodType) => Json; components: Record<string, Json> } {
  const keys = new Map<z.ZodType, string>();
  for (const s of schemas) if (!keys.has(s)) keys.set(s, `s${keys.size}`);
  const wrapper = z.object(Object.fromEntries([...keys].map(([s, k]) => [k, s])));
  const json = JSON.parse(JSON.stringify(z.toJSONSchema(wrapper, { ...SCHEMA_OPTIONS, io })).replaceAll('"#/$defs/', '"#/components/schemas/')) as {
    properties: Record<string, Json>;
    $defs?: Record<string, Json>;
  };
  return { of: (s) => json.properties[keys.get(s)!]!, components: json.$defs ?? {} };
}

const toTemplate = (path: string) => `/api${path.replace(/:(\w+)/g, '{$1}')}`;
const isOptional = (s: z.ZodType) => s.safeParse(undefined).success;

/** The document for a server with this sign-in: its routes and its security scheme. */
export function buildOpenApi(opts: { version: string; signIn: SignIn }): Json {
  const routes = routesFor(opts.signIn);
  const responseSchemas = [ApiError, ...routes.flatMap((r) => Object.values(r.responses).flatMap((x) => (x.schema ? [x.schema] : [])))];
  const requestSchemas = routes.flatMap((r) => [...(r.body ? [r.body] : []), ...Object.values(r.query?.shape ?? {})]) as z.ZodType[];
  const out = convert('output', responseSchemas);
  const inp = convert('input', requestSchemas);
  for (const [name, schema] of Object.entries(inp.components))
    if (out.components[name] && JSON.stringify(out.components[name]) !== JSON.stringify(schema))
      throw new Error(`schema ${name} differs between request and response`);
  const error = out.of(ApiError);

  const operation = (r: Route): Json => {
    const parameters = [
      ...[...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(r.query?.shape ?? {}).map(([name, s]) => {
        const { description, ...schema } = inp.of(s as z.ZodType);
        return { name, in: 'query', required: !isOptional(s as z.ZodType), ...(description ? { description } : {}), schema };
      }),
      ...(r.ifMatch
        ? [
            {
              name: 'If-Match',
              in: 'header',
              required: false,
              schema: { type: 'string' },
              description: 'The revision the change is based on, as "3" (or `revision` in the body or query)',
            },
          ]
        : []),
    ];
    const responses: Json = {};
    for (const [status, spec] of Object.entries(r.responses))
      responses[status] = {
        description: spec.description,
        ...(spec.files ? { content: Object.fromEntries(spec.files.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])) } : {}),
        ...(spec.schema
          ? {
              content: {
                'application/json': { schema: out.of(spec.schema) },
                ...(spec.eventStream ? { 'text/event-stream': { schema: { type: 'string', description: spec.eventStream } } } : {}),
              },
            }
          : {}),
      };
    for (const status of [...(r.public ? [] : SIGNED_IN_ERRORS), ...r.errors].sort())
      responses[String(status)] = { description: ERROR_DESCRIPTIONS[status] ?? 'Error', content: { 'application/json': { schema: error } } };
    return {
      operationId: r.operationId,
      summary: r.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: inp.of(r.body), ...(r.example ? { example: r.example } : {}) } } } }
        : {}),
      ...(r.upload
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(r.upload.contentTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
            },
          }
        : {}),
      responses,
      ...(r.public ? { security: [] } : r.application ? { security: [{ entraApplication: [] }] } : {}),
    };
  };

  const paths: Record<string, Json> = {};
  for (const r of routes) (paths[toTemplate(r.path)] ??= {})[r.method] = operation(r);
  const scheme = Object.keys(SECURITY_SCHEMES[opts.signIn])[0]!;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kvalitetsaftaler i Teams API',
      version: opts.version,
      description:
        opts.signIn === 'teams-sso'
          ? 'REST API of the Teams tab. Every request but this document carries the Teams single sign-on token as a bearer token.'
          : 'REST API of the Teams tab, with the development sign-in: every request but this document names the user in the header X-Dev-User.',
    },
    servers: [{ url: '/' }],
    security: [{ [scheme]: [] }],
    paths,
    components: {
      schemas: { ...inp.components, ...out.components },
      securitySchemes: { ...SECURITY_SCHEMES[opts.signIn], ...(routes.some((r) => r.application) ? APPLICATION_SCHEME : {}) },
    },
  };
}
