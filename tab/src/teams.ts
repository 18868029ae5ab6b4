export type ThemeName = 'default' | 'dark' | 'contrast';

/** What the tab knows of where it runs: inside Teams (with its context) or in a plain browser. */
export type Host = {
  inTeams: boolean;
  locale: string;
  theme: ThemeName;
  /** subPageId of a deep link or the configured tab: "agreement:<id>", "goal:<id>" or "unit:<id>". */
  subPageId?: string;
  frameContext?: string;
  /** The Teams meeting the tab runs in (context.meeting.id): in the meeting side panel and on the stage. */
  meetingId?: string;
  userObjectId?: string;
  tenantId?: string;
  onThemeChange: (handler: (theme: ThemeName) => void) => void;
};

const asTheme = (t: string | undefined): ThemeName => (t === 'dark' ? 'dark' : t === 'contrast' ? 'contrast' : 'default');

/**
 * Initialises teams-js when the page sits in a Teams frame; outside Teams (no parent frame, or no answer
 * within a short wait) it runs as a plain web page with the browser's language and colour scheme.
 */
export async function detectHost(search: URLSearchParams): Promise<Host> {
  const browserTheme = (): ThemeName => asTheme(search.get('theme') ?? (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : undefined));
  const outside: Host = {
    inTeams: false,
    locale: search.get('lang') ?? navigator.language,
    theme: browserTheme(),
    onThemeChange: () => {},
  };
  if (window.parent === window) return outside;
  try {
    // teams-js is loaded only inside a Teams frame: it fetches Teams' list of valid origins when it starts.
    const { app } = await import('@microsoft/teams-js');
    await Promise.race([app.initialize(), new Promise((_, reject) => setTimeout(() => reject(new Error('no Teams host')), 2500))]);
    const ctx = await app.getContext();
    // Teams hides its loading indicator. Should telling it fail, Teams shows its own message: nothing to do here.
    Promise.resolve(app.notifySuccess()).catch(() => undefined);
    return {
      inTeams: true,
      locale: ctx.app.locale,
      theme: asTheme(ctx.app.theme),
      subPageId: ctx.page.subPageId,
      frameContext: ctx.page.frameContext,
      meetingId: ctx.meeting?.id,
      userObjectId: ctx.user?.id,
      tenantId: ctx.user?.tenant?.id,
      onThemeChange: (handler) => app.registerOnThemeChangeHandler((t) => handler(asTheme(t))),
    };
  } catch {
    return outside;
  }
}

/** The configuration page of a channel, chat or meeting tab: saves which unit the tab opens on. */
export async function registerTabConfig(getUnit: () => { id: string; name: string } | null): Promise<{ setValid: (valid: boolean) => void }> {
  const { pages } = await import('@microsoft/teams-js');
  pages.config.registerOnSaveHandler((save) => {
    const unit = getUnit();
    if (!unit) return save.notifyFailure('no unit chosen');
    const url = `${window.location.origin}/tab/?unit=${encodeURIComponent(unit.id)}`;
    pages.config.setConfig({ contentUrl: url, websiteUrl: url, entityId: `unit:${unit.id}`, suggestedDisplayName: unit.name }).then(
      () => save.notifySuccess(),
      (e: Error) => save.notifyFailure(e.message),
    );
  });
  return { setValid: (valid) => pages.config.setValidityState(valid) };
}

/**
 * The Teams SSO token for the API, asked for on every call (Teams caches it). `interactive` lets Teams show
 * its consent prompt, for the first use when the tenant has not consented yet (resourceRequiresConsent).
 */
export async function teamsToken(interactive = false): Promise<string> {
  const { authentication } = await import('@microsoft/teams-js');
  return authentication.getAuthToken(interactive ? { silent: false } : undefined);
}

export function needsConsent(e: unknown): boolean {
  const text = e instanceof Error ? e.message : String(e);
  return /resourceRequiresConsent|consent_required|interaction_required/i.test(text);
}

/**
 * Whether the user may share the app to the meeting stage: Teams says so to presenters and organisers
 * (meeting.getAppContentStageSharingCapabilities, https://learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/build-apps-for-teams-meeting-stage).
 * Any failure (an attendee's client, an older Teams) counts as no.
 */
export async function mayShareToStage(): Promise<boolean> {
  const { meeting } = await import('@microsoft/teams-js');
  return new Promise((resolve) => {
    try {
      meeting.getAppContentStageSharingCapabilities((error, result) => resolve(!error && !!result?.doesAppHaveSharePermission));
    } catch {
      resolve(false);
    }
  });
}

/** Shares a page of the app to the meeting stage, collaboratively (every participant runs it and can take part). */
export async function shareToStage(appContentUrl: string): Promise<void> {
  const { meeting } = await import('@microsoft/teams-js');
  await new Promise<void>((resolve, reject) =>
    meeting.shareAppContentToStage((error) => (error ? reject(new Error(error.message ?? String(error.errorCode))) : resolve()), appContentUrl, {
      sharingProtocol: meeting.SharingProtocol.Collaborative,
    }),
  );
}

/**
 * Opens a Teams deep link from the tab (app.openLink, which asks the host to execute the deep link; for the meeting
 * scheduling dialog Teams documents the deep link itself:
 * https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-workflow#deep-link-to-open-a-meeting-scheduling-dialog).
 */
export async function openTeamsLink(url: string): Promise<void> {
  const { app } = await import('@microsoft/teams-js');
  await app.openLink(url);
}
