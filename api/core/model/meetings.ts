import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Stored } from './common';

/**
 * A dialogue meeting (dialogmøde, dialogmöte) held on one agreement in one Teams meeting: the state every
 * participant shares live (the goal on screen, the analysis step) and the minutes it leaves behind (who took
 * part, notes per goal and per analysis step, decisions and what they became). One record per (Teams meeting,
 * agreement), kept in the product's own store: the live channel only carries it (services/meetings.ts).
 */

/** Teams' meeting id (`context.meeting.id`): an opaque string, longer than a record id. */
export const MeetingId = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** The steps of Österåker's analysis wheel are numbered 1–8; 0 holds notes on the goal as a whole. */
export const AnalysisStepNo = z.number().int().min(0).max(8);

export const MeetingNote = z.object({
  goalId: Id,
  step: AnalysisStepNo,
  text: z.string().max(10_000),
  /**
   * The note's own revision, one up with each write: a participant's write names the revision it was typed on, so
   * a write on an older one is refused (the client merges and writes again) and nobody's text is overwritten. An
   * emptied note stays (with no text), so its revisions never start again.
   */
  revision: z.number().int().min(1).default(1),
  byId: Id,
  at: IsoDateTime,
});
export type MeetingNote = z.infer<typeof MeetingNote>;

/** What a decision becomes: an action on the goal, a proposed change to the agreement, or a decision on record only. */
export const DecisionOutcome = z.enum(['action', 'change', 'record']);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

export const MeetingDecision = z.object({
  /** Chosen by the client that records it, so a retried request never records it twice. */
  id: Id,
  goalId: Id,
  text: z.string().min(1).max(2_000),
  outcome: DecisionOutcome,
  ownerId: Id.nullable().default(null),
  dueDate: IsoDate.nullable().default(null),
  /** The action it became (outcome `action`). */
  actionId: Id.nullable().default(null),
  /**
   * The version of the agreement a proposed change (outcome `change`) was carried into by a leader: a new version
   * opened on the approved agreement (or the draft of the next version already open), approved again as usual.
   */
  carriedIntoVersion: z.number().int().min(1).nullable().default(null),
  byId: Id,
  at: IsoDateTime,
});
export type MeetingDecision = z.infer<typeof MeetingDecision>;

export const MeetingParticipant = z.object({ personId: Id, displayName: z.string().max(500), joinedAt: IsoDateTime });
export type MeetingParticipant = z.infer<typeof MeetingParticipant>;

export const MeetingSession = Stored.extend({
  meetingId: MeetingId,
  agreementId: Id,
  unitId: Id,
  /** The goal everyone sees (the presenter moves it); null: the agenda. */
  goalId: Id.nullable().default(null),
  /** The analysis wheel's step open on the stage (1–8); 0: none. */
  step: AnalysisStepNo.default(0),
  participants: z.array(MeetingParticipant).max(1_000).default([]),
  notes: z.array(MeetingNote).max(2_000).default([]),
  decisions: z.array(MeetingDecision).max(500).default([]),
});
export type MeetingSession = z.infer<typeof MeetingSession>;
