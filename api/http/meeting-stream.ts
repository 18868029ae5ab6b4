import type { Request, Response } from 'express';
import type { ServiceContext } from '../core/context';
import type { MeetingSession } from '../core/model';
import { joinMeeting } from '../core/services/meetings';
import type { LiveChannel } from './live';

/**
 * The live stream of a dialogue meeting: server-sent events (text/event-stream, WHATWG HTML §9.2). Each event
 * `session` carries the whole session; its id is the session's revision. A client that reconnects names the last
 * revision it has (Last-Event-ID, as EventSource sends it, or `lastEventId` in the query) and is sent the current
 * session only when it is newer — so it catches up with every change made while it was away, in one event.
 */

/** The topic of a session on the live channel: the tenant and the session's id (made from the meeting's and the agreement's). */
export const meetingTopic = (tenantId: string, sessionId: string) => `ka:meeting:${tenantId}:${sessionId}`;

/** Publishes a session's new revision to every instance; the change is committed already, so a failure is only logged. */
export async function publishSession(live: LiveChannel, ctx: ServiceContext, session: MeetingSession, log?: { warn: (o: object, m: string) => void }) {
  try {
    await live.publish(meetingTopic(ctx.store.tenantId, session.id), JSON.stringify(session));
  } catch (err) {
    log?.warn({ err: String(err), session: session.id }, 'live channel: publish failed (streams catch up from the store)');
  }
}

/** How often an open stream sends a comment (keeps proxies from closing it) and looks at the store for a revision it missed. */
export const STREAM_CHECK_MS = 10_000;

export async function openMeetingStream(
  req: Request,
  res: Response,
  o: { ctx: ServiceContext; live: LiveChannel; meetingId: string; agreementId: string; checkMs?: number },
): Promise<void> {
  // Joining authorizes (may the person read the agreement?) before anything is sent: a refusal is the JSON error.
  const joined = await joinMeeting(o.ctx, o.meetingId, o.agreementId);
  const claimed = Number(req.header('last-event-id') ?? req.query.lastEventId);
  // A revision the session never had (another session's, a forged one) counts as none.
  let sent = Number.isInteger(claimed) && claimed > 0 && claimed <= joined.revision ? claimed : 0;
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    // no-transform: the compression middleware leaves the stream alone (it would hold events back).
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 1000\n\n');
  const send = (s: MeetingSession) => {
    if (s.id !== joined.id || s.revision <= sent || res.writableEnded) return;
    sent = s.revision;
    res.write(`event: session\nid: ${s.revision}\ndata: ${JSON.stringify(s)}\n\n`);
  };
  const unsubscribe = await o.live.subscribe(
    meetingTopic(o.ctx.store.tenantId, joined.id),
    (message) => {
      try {
        send(JSON.parse(message) as MeetingSession);
      } catch {
        // Not a session: nothing to send.
      }
    },
    () => res.end(),
  );
  // Subscribed first, then read: a change committed between the join and the subscription is not missed.
  const check = async () => {
    const current = await o.ctx.store.get('meetingSession', joined.id).catch(() => null);
    if (current) send(current);
  };
  send(joined);
  await check();
  const timer = setInterval(() => {
    if (!res.writableEnded) res.write(': alive\n\n');
    void check();
  }, o.checkMs ?? STREAM_CHECK_MS);
  await new Promise<void>((resolve) => {
    const done = () => {
      clearInterval(timer);
      void unsubscribe();
      resolve();
    };
    res.once('close', done);
  });
}
