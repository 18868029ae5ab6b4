import type { Issue } from './issues';
import { RULES } from './issues';

/** The environment a package is built for: the variables that fill the manifest's `${{…}}` placeholders. */

/** The variables that fill the `${{…}}` placeholders. */
export const REQUIRED_VARIABLES = ['TEAMS_APP_ID', 'BOT_ID', 'AAD_APP_CLIENT_ID', 'APP_DOMAIN'] as const;
export const OPTIONAL_VARIABLES = ['APP_NAME_SUFFIX'] as const;
export type RequiredVariable = (typeof REQUIRED_VARIABLES)[number];
export type PackageVariables = Record<RequiredVariable, string> & { APP_NAME_SUFFIX: string };

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** A bare host name such as `kvalitet.example.org` (no scheme, path or port). */
const HOST = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/**
 * Checks the variables and returns them, or the issues. `defaults` (used by `--dev`) fill variables
 * that are missing or empty in `source`.
 */
export function resolveVariables(
  source: Record<string, string | undefined>,
  defaults: Partial<Record<string, string>> = {},
): { vars?: PackageVariables; issues: Issue[] } {
  const issues: Issue[] = [];
  const pick = (name: string): string | undefined => {
    const v = source[name];
    return v !== undefined && v.trim() !== '' ? v.trim() : defaults[name];
  };
  const out: Record<string, string> = {};
  for (const name of REQUIRED_VARIABLES) {
    const v = pick(name);
    if (v === undefined) {
      issues.push({
        rule: RULES.envMissing,
        message: `environment variable ${name} is not set (set it, or pass --dev for a development package with fake ids)`,
      });
      continue;
    }
    out[name] = v;
  }
  for (const name of ['TEAMS_APP_ID', 'BOT_ID', 'AAD_APP_CLIENT_ID'] as const) {
    const v = out[name];
    if (v !== undefined && !GUID.test(v)) {
      issues.push({ rule: RULES.envGuid, message: `${name} must be a GUID, got "${v}"` });
    }
  }
  if (out.APP_DOMAIN !== undefined && !HOST.test(out.APP_DOMAIN)) {
    issues.push({
      rule: RULES.envDomain,
      message: `APP_DOMAIN must be a bare host name such as kvalitet.example.org (no https://, path or port), got "${out.APP_DOMAIN}"`,
    });
  }
  // Not trimmed: a suffix such as " (test)" starts with a space on purpose.
  const suffix = source.APP_NAME_SUFFIX;
  out.APP_NAME_SUFFIX = suffix !== undefined && suffix !== '' ? suffix : (defaults.APP_NAME_SUFFIX ?? '');
  if (issues.length > 0) return { issues };
  return { vars: out as PackageVariables, issues };
}

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Replaces `${{NAME}}` with the JSON-string-escaped value of `vars[NAME]`. Unknown names are left in
 * place, so {@link checkNoPlaceholders} reports them.
 */
export function fillPlaceholders(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : JSON.stringify(v).slice(1, -1);
  });
}

export function findPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[0]);
}

/** Every file given (name → text) must be free of `${{…}}` placeholders. */
export function checkNoPlaceholders(files: Record<string, string>): Issue[] {
  const issues: Issue[] = [];
  for (const [name, text] of Object.entries(files)) {
    for (const p of new Set(findPlaceholders(text))) {
      issues.push({ rule: RULES.placeholder, message: `${name} still contains ${p} after filling from the environment` });
    }
  }
  return issues;
}
