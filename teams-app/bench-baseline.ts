import express from 'express';
import { auditEntryId } from '../api/core/audit';
import type { Store } from '../api/core/port';

/** Where the baseline routes live: under /api, so they pass every middleware the app puts before the API. */
export const BENCH_BASELINE_PATH = '/api/bench-baseline';
/** The tenant the durable floor writes into: none of a municipality's. */
export const BENCH_FLOOR_TENANT = 'bench-durable-floor';

/**
 * The fair baseline of `npm run bench` (mounted only with BENCH_BASELINE=on, refused in production): the
 * benchmark stores the exact body a view answered (PUT), then loads GET or POST of the same name, which
 * answers those bytes from memory with the view's status and content type through the same server, the
 * same middleware and the same JSON body parsing. The ratio of a view's throughput to its baseline's is
 * the cost of building the answer, whatever the machine. POST under /durable/ is a write's durable floor: the same
 * answer after one record is committed to disk, the least any write here must do.
 */
export function benchBaselineRouter(store: Store): express.Router {
  const router = express.Router();
  const bodies = new Map<string, { status: number; type: string; body: Buffer }>();
  router.put('/:name', express.raw({ type: () => true, limit: '200mb' }), (req, res) => {
    const status = Number(req.query.status ?? 200);
    bodies.set(String(req.params.name), { status, type: req.header('content-type') ?? 'application/json', body: req.body as Buffer });
    res.status(204).end();
  });
  const answer = (req: express.Request, res: express.Response) => {
    const stored = bodies.get(String(req.params.name));
    if (!stored) return void res.status(404).json({ error: { code: 'not_found', message: `no baseline body named ${req.params.name}` } });
    res.status(stored.status).type(stored.type).send(stored.body);
  };
  router.get('/:name', answer);
  // A write's baseline parses its JSON body as the API does before answering.
  router.post('/:name', express.json({ limit: '1mb', strict: true }), answer);
  // The durable floor of a write: the baseline, plus one small record committed to disk before it answers (an audit
  // entry, in a tenant of its own). No write that answers only once it is on disk, as every write here does, can
  // be faster on the same machine; the benchmark prints it beside the write's fair baseline.
  router.post('/durable/:name', express.json({ limit: '1mb', strict: true }), async (req, res, next) => {
    try {
      const at = new Date();
      await store.forTenant(BENCH_FLOOR_TENANT).commit([
        {
          type: 'audit',
          entry: {
            id: auditEntryId(at),
            at: at.toISOString(),
            actorId: 'bench',
            entityKind: 'measurement',
            entityId: String(req.params.name),
            action: 'create',
            before: null,
            after: req.body as unknown,
          },
        },
      ]);
      answer(req, res);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
