/** Problems found in a Teams app package: each under one stable rule id (manifest/validate.ts). */

/** Stable rule ids. Each check reports under exactly one of these. */
export const RULES = {
  envMissing: 'env-variable-missing',
  envGuid: 'env-guid-format',
  envDomain: 'env-domain-format',
  jsonInvalid: 'json-invalid',
  placeholder: 'placeholder-unfilled',
  schemaVersion: 'schema-version',
  schemaOffline: 'schema-offline',
  manifestSchema: 'manifest-schema',
  nameShort: 'name-short-max-30',
  teamsAppId: 'teams-app-id-match',
  botId: 'bot-id-match',
  ssoAppId: 'sso-app-id-match',
  ssoResource: 'sso-resource-uri',
  validDomains: 'valid-domains',
  tabUrlDomain: 'tab-url-domain',
  tabEntityUnique: 'tab-entity-id-unique',
  meetingStageRsc: 'meeting-stage-rsc',
  iconMissing: 'icon-file-missing',
  iconPng: 'icon-png-invalid',
  iconColorSize: 'icon-color-size',
  iconOutlineSize: 'icon-outline-size',
  iconOutlineColour: 'icon-outline-white-on-transparent',
  localizationLanguages: 'localization-languages',
  localizationFileMissing: 'localization-file-missing',
  localizationSchema: 'localization-schema',
  localizationComplete: 'localization-complete',
  localizationUnknownKey: 'localization-unknown-key',
  zipLayout: 'zip-layout',
} as const;
export type Rule = (typeof RULES)[keyof typeof RULES];

export interface Issue {
  rule: Rule;
  message: string;
}

export function formatIssue(issue: Issue): string {
  return `[${issue.rule}] ${issue.message}`;
}

/** Thrown by the packaging step when any rule is broken; `message` lists every issue, one per line. */
export class PackageValidationError extends Error {
  readonly issues: Issue[];
  constructor(issues: Issue[]) {
    super(`The Teams app package breaks ${issues.length} rule(s):\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    this.name = 'PackageValidationError';
    this.issues = issues;
  }
  get rules(): Rule[] {
    return [...new Set(this.issues.map((i) => i.rule))];
  }
}
