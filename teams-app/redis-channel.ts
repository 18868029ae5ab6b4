import { createClient } from 'redis';
import type { Logger } from 'pino';
import { TopicFanout, type LiveChannel } from '../api/http/live';

/**
 * The live channel over Redis publish/subscribe (REDIS_URL; Azure Cache for Redis in production, Debian's
 * redis-server in the tests): one connection publishes, one subscribes, each topic subscribed once per instance
 * however many streams follow it. node-redis reconnects by itself and subscribes again; what is published while
 * an instance is cut off is caught up by its streams' periodic look at the store (api/http/meeting-stream.ts).
 */
export async function redisChannel(url: string, logger: Logger, connectMs = 10_000): Promise<LiveChannel> {
  const publisher = createClient({ url, socket: { connectTimeout: 5_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000) } });
  const subscriber = publisher.duplicate();
  for (const [name, client] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const)
    client.on('error', (err: unknown) => logger.warn({ err: String(err), connection: name }, 'redis connection error (reconnecting)'));
  // The first connection is awaited for a bounded time (node-redis would retry for ever): a start with an unreachable
  // REDIS_URL fails and says so, instead of hanging.
  const where = new URL(url);
  const address = `${where.hostname}:${where.port || '6379'}`;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all([publisher.connect(), subscriber.connect()]),
      new Promise(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`REDIS_URL: no connection to redis at ${address} within ${connectMs} ms`)), connectMs)),
      ),
    ]);
  } catch (err) {
    publisher.destroy();
    subscriber.destroy();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  const fanout = new TopicFanout({
    subscribe: (topic, deliver) => subscriber.subscribe(topic, (message) => deliver(message)),
    unsubscribe: (topic) => subscriber.unsubscribe(topic),
  });
  return {
    description: `redis publish/subscribe at ${address}`,
    async publish(topic, message) {
      await publisher.publish(topic, message);
    },
    subscribe: (topic, onMessage, onClose) => fanout.subscribe(topic, onMessage, onClose),
    async close() {
      fanout.closeAll();
      await Promise.allSettled([publisher.close(), subscriber.close()]);
    },
  };
}
