/**
 * Server-sent events read over fetch (the tab's requests carry the Teams SSO token or the development user in
 * headers, which EventSource cannot send). Parsing follows the WHATWG HTML standard's "event stream
 * interpretation" (§9.2.6): lines end in CR LF, LF or CR; `event`, `data`, `id` and `retry` fields; lines
 * starting with a colon are comments; a blank line dispatches. `followStream` reconnects as EventSource does,
 * naming the last event id it saw (Last-Event-ID), so the server sends what changed while it was away.
 */

export type StreamEvent = { event: string; data: string; id: string };

/** An incremental parser: feed it text as it arrives; it calls `dispatch` for each complete event. */
export function eventStreamParser(dispatch: (e: StreamEvent) => void, onRetry: (ms: number) => void = () => {}) {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let lastId = '';
  let pendingCr = false;
  const line = (l: string) => {
    if (l === '') {
      if (data.length) dispatch({ event: event || 'message', data: data.join('\n'), id: lastId });
      event = '';
      data = [];
      return;
    }
    if (l.startsWith(':')) return;
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  };
  return (chunk: string) => {
    buffer += chunk;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer[i];
      if (c === '\n' && pendingCr) {
        pendingCr = false;
        start = i + 1;
        continue;
      }
      pendingCr = false;
      if (c === '\n' || c === '\r') {
        line(buffer.slice(start, i));
        pendingCr = c === '\r';
        start = i + 1;
      }
    }
    buffer = buffer.slice(start);
  };
}

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Opens the stream and keeps it open: after a dropped connection or a server error it reconnects (after the
 * server's `retry`, 1 s by default) with the last event id. A refusal (400–499) ends it: `onStatus('closed', status)`.
 * Returns the function that stops it.
 */
export function followStream(
  open: (lastEventId: string | null, signal: AbortSignal) => Promise<Response>,
  onEvent: (e: StreamEvent) => void,
  onStatus: (s: StreamStatus, httpStatus?: number) => void = () => {},
): () => void {
  const stop = new AbortController();
  let lastId: string | null = null;
  let retryMs = 1000;
  const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  void (async () => {
    for (let attempt = 0; !stop.signal.aborted; attempt++) {
      onStatus(attempt ? 'reconnecting' : 'connecting');
      try {
        const res = await open(lastId, stop.signal);
        if (res.status >= 400 && res.status < 500) {
          onStatus('closed', res.status);
          return;
        }
        if (res.ok && res.body) {
          onStatus('open');
          const feed = eventStreamParser(
            (e) => {
              lastId = e.id || lastId;
              onEvent(e);
            },
            (ms) => (retryMs = ms),
          );
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            feed(decoder.decode(value, { stream: true }));
          }
        }
      } catch {
        // Dropped or refused at the network: reconnect below.
      }
      if (stop.signal.aborted) break;
      await wait(retryMs);
    }
    onStatus('closed');
  })();
  return () => stop.abort();
}
