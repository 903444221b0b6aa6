import type { FastifyInstance } from 'fastify';

/**
 * Write endpoints require an Idempotency-Key header; a repeated key returns
 * the stored response instead of applying the write again.
 */
export function registerIdempotency(app: FastifyInstance, store: Map<string, unknown>) {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'GET') return;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') {
      return reply.code(400).send({ error: 'Idempotency-Key header required' });
    }
    if (store.has(key)) return reply.send(store.get(key));
  });
}
