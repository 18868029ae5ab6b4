/**
 * The annual wheel's words as plain lists, without zod: the model (cycle.ts) builds its enums from them, and
 * the tab imports them without pulling the validation library into the browser.
 */

export const WHEEL_EVENT_KINDS = [
  'dialogue_meeting',
  'draft_deadline',
  'submission',
  'signing_deadline',
  'approval',
  'budget_seminar',
  'follow_up',
  'report',
  'evaluation',
  'publication',
  'survey',
  'other',
] as const;

/** Who an event reminds. */
export const AUDIENCE_ROLES = ['staff', 'leaders', 'chiefs', 'quality_office', 'council', 'board'] as const;

/** What an event asks people to do. */
export const WHEEL_ACTIONS = ['report_measurements', 'submit_agreement', 'approve_agreement', 'prepare_meeting', 'evaluate', 'publish', 'none'] as const;

/** Parts of a month as the wheels write them: primo (days 1–10), medio (11–20), ultimo (21 to the end). */
export const MONTH_PARTS = ['primo', 'medio', 'ultimo'] as const;
