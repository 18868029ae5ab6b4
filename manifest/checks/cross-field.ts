import { at, listAt } from './json';
import { RULES, type Issue } from './issues';
import type { PackageVariables } from './environment';

/**
 * Rules across fields that the schema cannot state: the short name's length in each language, and ids and
 * URLs that must agree with each other and with the environment the package is built for.
 */

/** Spelled out (the schema says it too) so the message names the rule plainly. */
export function checkShortName(doc: unknown, docName: string, key: 'name.short' | 'manifest'): Issue[] {
  const value = key === 'manifest' ? at(doc, 'name', 'short') : at(doc, 'name.short');
  if (typeof value === 'string' && [...value].length > 30) {
    return [{ rule: RULES.nameShort, message: `${docName}: short name "${value}" has ${[...value].length} characters; at most 30 are allowed` }];
  }
  return [];
}

/** Ids and URLs must agree with the environment the package was built for. */
export function checkIdConsistency(manifest: unknown, vars: PackageVariables): Issue[] {
  const issues: Issue[] = [];
  const domain = vars.APP_DOMAIN.toLowerCase();

  const id = String(at(manifest, 'id'));
  if (id.toLowerCase() !== vars.TEAMS_APP_ID.toLowerCase()) {
    issues.push({ rule: RULES.teamsAppId, message: `id is "${id}" but TEAMS_APP_ID is "${vars.TEAMS_APP_ID}"` });
  }

  const bots = listAt(manifest, 'bots');
  if (bots.length !== 1) {
    issues.push({ rule: RULES.botId, message: `expected exactly one bot in bots[], found ${bots.length}` });
  }
  bots.forEach((bot, i) => {
    const botId = String(at(bot, 'botId'));
    if (botId.toLowerCase() !== vars.BOT_ID.toLowerCase()) {
      issues.push({ rule: RULES.botId, message: `bots[${i}].botId is "${botId}" but BOT_ID is "${vars.BOT_ID}"` });
    }
  });

  const wai = at(manifest, 'webApplicationInfo');
  if (!wai) {
    issues.push({ rule: RULES.ssoAppId, message: 'webApplicationInfo is missing (needed for Teams single sign-on)' });
  } else {
    const waiId = String(at(wai, 'id'));
    if (waiId.toLowerCase() !== vars.AAD_APP_CLIENT_ID.toLowerCase()) {
      issues.push({
        rule: RULES.ssoAppId,
        message: `webApplicationInfo.id is "${waiId}" but AAD_APP_CLIENT_ID is "${vars.AAD_APP_CLIENT_ID}"`,
      });
    }
    const expected = `api://${vars.APP_DOMAIN}/${vars.AAD_APP_CLIENT_ID}`;
    const resource = at(wai, 'resource');
    if (typeof resource !== 'string' || resource.toLowerCase() !== expected.toLowerCase()) {
      issues.push({ rule: RULES.ssoResource, message: `webApplicationInfo.resource is "${String(resource)}", expected "${expected}"` });
    }
  }

  const validDomains = listAt(manifest, 'validDomains');
  if (!validDomains.some((d) => String(d).toLowerCase() === domain)) {
    issues.push({ rule: RULES.validDomains, message: `validDomains ${JSON.stringify(validDomains)} does not contain APP_DOMAIN "${vars.APP_DOMAIN}"` });
  }

  const prefix = `https://${domain}/`;
  const checkUrl = (where: string, url: unknown) => {
    if (url === undefined) return;
    if (typeof url !== 'string' || !url.toLowerCase().startsWith(prefix)) {
      issues.push({ rule: RULES.tabUrlDomain, message: `${where} is "${String(url)}"; tab URLs must start with ${prefix}` });
    }
  };
  const staticTabs = listAt(manifest, 'staticTabs');
  const seen = new Set<string>();
  staticTabs.forEach((tab, i) => {
    checkUrl(`staticTabs[${i}].contentUrl`, at(tab, 'contentUrl'));
    checkUrl(`staticTabs[${i}].websiteUrl`, at(tab, 'websiteUrl'));
    checkUrl(`staticTabs[${i}].searchUrl`, at(tab, 'searchUrl'));
    const contentBotId = at(tab, 'contentBotId');
    if (contentBotId !== undefined && String(contentBotId).toLowerCase() !== vars.BOT_ID.toLowerCase()) {
      issues.push({ rule: RULES.botId, message: `staticTabs[${i}].contentBotId is "${String(contentBotId)}" but BOT_ID is "${vars.BOT_ID}"` });
    }
    const id = String(at(tab, 'entityId'));
    if (seen.has(id)) issues.push({ rule: RULES.tabEntityUnique, message: `staticTabs entityId "${id}" is used twice` });
    seen.add(id);
  });
  const configurableTabs = listAt(manifest, 'configurableTabs');
  configurableTabs.forEach((tab, i) => checkUrl(`configurableTabs[${i}].configurationUrl`, at(tab, 'configurationUrl')));

  // A tab that can be shared to the meeting stage needs the stage RSC permission.
  const usesStage = [...staticTabs, ...configurableTabs].some((t) => listAt(t, 'context').includes('meetingStage'));
  if (usesStage) {
    const rsc = listAt(manifest, 'authorization', 'permissions', 'resourceSpecific');
    if (!rsc.some((p) => at(p, 'name') === 'MeetingStage.Write.Chat' && at(p, 'type') === 'Delegated')) {
      issues.push({
        rule: RULES.meetingStageRsc,
        message: 'a tab uses the meetingStage context, so authorization.permissions.resourceSpecific must grant MeetingStage.Write.Chat (Delegated)',
      });
    }
  }
  return issues;
}
