import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { HubError, isHubError, type ErrorKind } from '../errors/index.ts';
import type { Hub } from '../hub/index.ts';
import { configFrom } from './options.ts';

/**
 * How `eohub admin ...` reaches the hub: it opens the database directly; when a running `eohub serve`
 * holds the embedded database (one process may open it), it goes through that server's admin HTTP API
 * with the local admin credential the server wrote to the data folder (mode 0600).
 */
export interface AdminTarget<A> {
  /** The interface on a hub this process built. */
  local(hub: Hub): A;
  /** The same interface over the running server's admin API. */
  remote(call: AdminCall): A;
}

/** One admin API request: the parsed JSON answer, or the HubError its error body describes. */
export type AdminCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

export async function withAdmin<A, T>(command: Command, target: AdminTarget<A>, fn: (api: A) => Promise<T>): Promise<T> {
  const config = configFrom(command);
  const { buildHub, localAdminCredentialPath } = await import('../hub/index.ts');
  const { pino } = await import('pino');
  let hub: Hub;
  try {
    hub = await buildHub(config, { log: pino({ level: 'warn' }, process.stderr) });
  } catch (error) {
    if (!config.databaseUrl && isHubError(error) && error.code === 'DB_UNAVAILABLE') {
      const credential = await readFile(localAdminCredentialPath(config), 'utf8').catch(() => undefined);
      if (credential !== undefined) return fn(target.remote(adminCall(credentialSchema.parse(JSON.parse(credential)))));
    }
    throw error;
  }
  try {
    return await fn(target.local(hub));
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

/** Requests to the admin API of a running server (api/admin/plugin.ts), authenticated with its API key. */
export function adminCall(server: { url: string; apiKey: string }): AdminCall {
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

export const printJson = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
