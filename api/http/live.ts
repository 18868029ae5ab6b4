import { EventEmitter } from 'node:events';

/**
 * The live channel between server instances: a message published on a topic reaches every subscriber of that
 * topic on every instance. It carries news only — what a message says is already committed to the store, so a
 * message lost on the way costs a delay (the stream's periodic look at the store catches up), never data.
 *
 * Two implementations: `localChannel` (one process, no extra service: the default for `npm start`) and Redis
 * publish/subscribe (teams-app/redis-channel.ts, when REDIS_URL is set), for several instances behind a load
 * balancer. docs/meetings.md says why.
 */
export interface LiveChannel {
  /** What it is, for the start-up log (never a password). */
  readonly description: string;
  publish(topic: string, message: string): Promise<void>;
  /**
   * Calls `onMessage` with each message on the topic until the returned function is called; `onClose` when the
   * channel itself closes (the server stops), so a stream can end its response.
   */
  subscribe(topic: string, onMessage: (message: string) => void, onClose?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Within one process: an event emitter. */
export function localChannel(): LiveChannel {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const closers = new Set<() => void>();
  return {
    description: 'in process (one instance)',
    async publish(topic, message) {
      emitter.emit(topic, message);
    },
    async subscribe(topic, onMessage, onClose) {
      emitter.on(topic, onMessage);
      const close = () => onClose?.();
      closers.add(close);
      return async () => {
        emitter.off(topic, onMessage);
        closers.delete(close);
      };
    },
    async close() {
      for (const c of [...closers]) c();
      closers.clear();
      emitter.removeAllListeners();
    },
  };
}

/**
 * Subscriptions counted per topic over a channel that subscribes once per topic (Redis): the first local
 * subscriber subscribes, the last one's leaving unsubscribes.
 */
export class TopicFanout {
  private readonly topics = new Map<string, Set<(m: string) => void>>();
  private readonly closers = new Set<() => void>();
  constructor(
    private readonly upstream: {
      subscribe: (topic: string, deliver: (message: string) => void) => Promise<void>;
      unsubscribe: (topic: string) => Promise<void>;
    },
  ) {}

  async subscribe(topic: string, onMessage: (message: string) => void, onClose?: () => void): Promise<() => Promise<void>> {
    let set = this.topics.get(topic);
    if (!set) {
      const created = new Set<(m: string) => void>();
      set = created;
      this.topics.set(topic, created);
      await this.upstream.subscribe(topic, (m) => {
        for (const f of [...created]) f(m);
      });
    }
    set.add(onMessage);
    const close = () => onClose?.();
    this.closers.add(close);
    return async () => {
      this.closers.delete(close);
      const current = this.topics.get(topic);
      if (!current?.delete(onMessage) || current.size) return;
      this.topics.delete(topic);
      await this.upstream.unsubscribe(topic).catch(() => undefined);
    };
  }

  closeAll(): void {
    for (const c of [...this.closers]) c();
    this.closers.clear();
    this.topics.clear();
  }
}
