/**
 * Links from the bot's messages to the tab. In Teams a deep link opens the app's personal tab at the
 * agreement (https://teams.microsoft.com/l/entity/<appId>/<entityId>?webUrl=…&label=…&context={"subEntityId":…});
 * elsewhere, or without a Teams app id, the tab's own web address.
 */

export type TabLinks = {
  /** The Teams app id of the manifest; null in development. */
  teamsAppId: string | null;
  /** Where the server is reached from outside, without a trailing slash. */
  publicUrl: string;
};

/** The manifest's personal tab that shows the user's units and their agreements. */
export const AGREEMENT_TAB_ENTITY_ID = 'myUnits';

export function agreementWebUrl(links: TabLinks, agreementId: string): string {
  return `${links.publicUrl.replace(/\/+$/, '')}/tab/?agreement=${encodeURIComponent(agreementId)}`;
}

/** The link to open an agreement: a Teams deep link inside Teams, the web address outside. */
export function agreementLink(links: TabLinks, agreementId: string, opts: { inTeams: boolean; label: string }): string {
  const webUrl = agreementWebUrl(links, agreementId);
  if (!opts.inTeams || !links.teamsAppId) return webUrl;
  const query = new URLSearchParams({ webUrl, label: opts.label, context: JSON.stringify({ subEntityId: agreementId }) });
  // URLSearchParams writes spaces as "+"; Teams expects percent-encoding.
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(links.teamsAppId)}/${AGREEMENT_TAB_ENTITY_ID}?${query.toString().replace(/\+/g, '%20')}`;
}
