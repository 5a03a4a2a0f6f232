import type { FastifyPluginAsync } from 'fastify';
import type { AccessService } from '../../access/index.ts';
import { z } from 'zod';
import { AUTH_ERRORS, type AuthService } from '../../auth/index.ts';
import { JOB_ERRORS, type JobAdmin } from '../../jobs/index.ts';
import { HubError } from '../../errors/index.ts';
import type { QuotaService } from '../../quotas/index.ts';
import type { S3KeyAdmin } from '../../s3/index.ts';
import { requireAdmin } from '../auth/require-admin.ts';
import { usageRoutes } from './usage-routes.ts';

/**
 * User administration over HTTP, for the `admin` role only (and for the admin CLI when a running server
 * holds the embedded database). Errors have the plain `{code, description}` shape.
 *
 *   GET    /admin/users                          list
 *   POST   /admin/users                          {username, email?, password?, roles?} → 201
 *   GET    /admin/users/:username
 *   PATCH  /admin/users/:username                {disabled?, password?}
 *   PUT    /admin/users/:username/roles/:role    DELETE likewise
 *   GET    /admin/users/:username/api-keys       POST {name} → 201 {key, ...} (the key is shown once)
 *   DELETE /admin/api-keys/:prefix               revoke
 *   POST   /admin/signing-keys/rotate            → {kid} of the new signing key
 *   GET    /admin/s3-keys[?user=<username>]      S3 key pairs (no secrets)
 *   POST   /admin/users/:username/s3-keys        → 201 {accessKeyId, secretAccessKey, ...} (the secret is shown once)
 *   DELETE /admin/s3-keys/:accessKeyId           revoke
 *   GET    /admin/usage?from&to&groupBy=user|collection   download usage (usage-routes.ts)
 *   GET    /admin/jobs?state=&kind=&limit=       jobs, newest first
 *   GET    /admin/jobs/:id                       POST /admin/jobs/:id/retry, POST /admin/jobs/:id/cancel
 *   GET    /admin/collections                    name, policy, effectivePolicy, allow, productCount
 *   PUT    /admin/collections/:name/access       {policy: 'public'|'registered'|'restricted'|null, allow?: [role or group]}
 */
const patchSchema = z.object({ disabled: z.boolean().optional(), password: z.string().optional() }).strict();
const keySchema = z.object({ name: z.string() }).strict();

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success)
    throw new HubError(
      AUTH_ERRORS.INVALID_REQUEST,
      'invalid',
      r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  return r.data;
}

const jobListSchema = z.object({
  state: z.string().optional(),
  kind: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

function jobId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new HubError(JOB_ERRORS.JOB_NOT_FOUND, 'not_found', `no job ${raw}`);
  return Number(raw);
}

export const adminPlugin: FastifyPluginAsync<{
  auth: AuthService;
  access: AccessService;
  jobs: JobAdmin;
  quotas: QuotaService;
  s3Keys: S3KeyAdmin;
}> = async (app, { auth, access, jobs, quotas, s3Keys }) => {
  app.addHook('preHandler', requireAdmin(auth.realm, 'administer the hub'));
  await app.register(usageRoutes, { quotas });
  const users = auth.users;
  type P = { Params: { username: string; role: string; prefix: string } };

  app.get('/users', async () => users.listUsers());
  // addUser validates its input with zod (auth/users.ts), so the body goes through as it came.
  app.post('/users', async (request, reply) => reply.status(201).send(await users.addUser(request.body as never)));
  app.get<P>('/users/:username', async (request) => users.getUser(request.params.username));
  app.patch<P>('/users/:username', async (request) => {
    const body = parseBody(patchSchema, request.body);
    const name = request.params.username;
    if (body.password !== undefined) await users.setPassword(name, body.password);
    if (body.disabled !== undefined) await users.setDisabled(name, body.disabled);
    return users.getUser(name);
  });
  app.put<P>('/users/:username/roles/:role', async (request) => users.addRole(request.params.username, request.params.role));
  app.delete<P>('/users/:username/roles/:role', async (request) => users.removeRole(request.params.username, request.params.role));
  app.get<P>('/users/:username/api-keys', async (request) => users.listApiKeys(request.params.username));
  app.post<P>('/users/:username/api-keys', async (request, reply) => {
    const { name } = parseBody(keySchema, request.body);
    const { key, info } = await users.createApiKey(request.params.username, name);
    return reply
      .status(201)
      .header('cache-control', 'no-store')
      .send({ key, ...info });
  });
  app.delete<P>('/api-keys/:prefix', async (request) => users.revokeApiKey(request.params.prefix));
  app.post('/signing-keys/rotate', async () => users.rotateSigningKey());
  app.get<{ Querystring: { user?: string } }>('/s3-keys', async (request) => s3Keys.listKeys(request.query.user));
  app.post<P>('/users/:username/s3-keys', async (request, reply) => {
    const { secretAccessKey, info } = await s3Keys.createKey(request.params.username);
    return reply
      .status(201)
      .header('cache-control', 'no-store')
      .send({ ...info, secretAccessKey });
  });
  app.delete<{ Params: { accessKeyId: string } }>('/s3-keys/:accessKeyId', async (request) => s3Keys.revokeKey(request.params.accessKeyId));

  type J = { Params: { id: string } };
  app.get('/jobs', async (request) => {
    const q = parseBody(jobListSchema, request.query);
    return jobs.list({ ...(q.state ? { state: q.state } : {}), ...(q.kind ? { kind: q.kind } : {}), ...(q.limit ? { limit: q.limit } : {}) });
  });
  app.get<J>('/jobs/:id', async (request) => jobs.get(jobId(request.params.id)));
  app.post<J>('/jobs/:id/retry', async (request) => jobs.retry(jobId(request.params.id)));
  app.post<J>('/jobs/:id/cancel', async (request) => jobs.cancel(jobId(request.params.id)));
  app.get('/collections', async () => access.admin.listCollections());
  // setAccess validates the body (access/store.ts), so it goes through as it came.
  app.put<{ Params: { name: string } }>('/collections/:name/access', async (request) =>
    access.admin.setAccess(request.params.name, request.body),
  );
};
