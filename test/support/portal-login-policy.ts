import type { FastifyInstance } from 'fastify';

/**
 * TEST-ONLY STAND-IN for the access-policy work (a `registered` policy on product downloads): anonymous
 * requests for a whole product package (`/odata/v1/Products(<Id>)/$value`) answer 401 with a bearer
 * challenge, as the real policy will. Single files stay open. Replace with the real policy when it lands.
 */
export function requireLoginForProductPackages(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.actor.kind !== 'anonymous') return;
    if (!/^\/odata\/v1\/Products\([^)]+\)\/\$value(\?|$)/.test(request.url)) return;
    return reply
      .status(401)
      .header('www-authenticate', 'Bearer realm="eohub"')
      .send({ error: { code: 'AUTH_REQUIRED', message: 'log in to download this product' } });
  });
}
