import express from 'express';

/** Where the baseline routes live: under /api, so they pass every middleware the app puts before the API. */
export const BENCH_BASELINE_PATH = '/api/bench-baseline';

/**
 * The fair baseline of `npm run bench` (mounted only with BENCH_BASELINE=on, refused in production): the
 * benchmark stores the exact body a view answered (PUT), then loads GET or POST of the same name, which
 * answers those bytes from memory with the view's status and content type through the same server, the
 * same middleware and the same JSON body parsing. The ratio of a view's throughput to its baseline's is
 * the cost of building the answer, whatever the machine.
 */
export function benchBaselineRouter(): express.Router {
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
  return router;
}
