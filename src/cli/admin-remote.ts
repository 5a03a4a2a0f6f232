import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { HubError, isHubError, type ErrorKind } from '../errors/index.ts';
import type { Hub } from '../hub/index.ts';
import { configFrom } from './options.ts';

/** One call to the admin API of a running server: its JSON result, or its error as a HubError. */
export type AdminCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/**
 * Runs an admin operation on a hub built here, or, when a running `eohub serve` holds the embedded
 * database (one process may open it), through that server's admin HTTP API with the local admin
 * credential the server wrote to the data folder (mode 0600).
 */
export async function withAdminAccess<T>(
  command: Command,
  local: (hub: Hub) => Promise<T>,
  remote: (call: AdminCall) => Promise<T>,
): Promise<T> {
  const config = configFrom(command);
  const { buildHub, localAdminCredentialPath } = await import('../hub/index.ts');
  const { pino } = await import('pino');
  let hub: Hub;
  try {
    hub = await buildHub(config, { log: pino({ level: 'warn' }, process.stderr) });
  } catch (error) {
    if (!config.databaseUrl && isHubError(error) && error.code === 'DB_UNAVAILABLE') {
      const credential = await readFile(localAdminCredentialPath(config), 'utf8').catch(() => undefined);
      if (credential !== undefined) return remote(adminCaller(credentialSchema.parse(JSON.parse(credential))));
    }
    throw error;
  }
  try {
    return await local(hub);
  } finally {
    await hub.close();
  }
}

/** The file `serve` writes (hub/index.ts). */
const credentialSchema = z.object({ url: z.url(), apiKey: z.string().min(1) });

const KIND_BY_STATUS: Record<number, ErrorKind> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
};

export function adminCaller(server: { url: string; apiKey: string }): AdminCall {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}/admin${path}`, {
      method,
      headers: { 'x-api-key': server.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // The admin API answers its own shapes (api/admin/plugin.ts): an error body or the operation's result.
    const json = (await res.json()) as { code?: string; description?: string };
    if (!res.ok)
      throw new HubError(json.code ?? 'HTTP_ERROR', KIND_BY_STATUS[res.status] ?? 'unavailable', json.description ?? `HTTP ${res.status}`);
    return json as T;
  };
}
