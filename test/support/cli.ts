import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Backend } from '../../src/db/index.ts';
import { createTestDb, TEST_DATABASE_URL } from './with-db.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const EOHUB = join(ROOT, 'bin', 'eohub.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `eohub ARGS` to the end, with the given environment on top of a clean one. */
export function runEohub(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EOHUB, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a long-running `eohub` (serve); the caller stops it. */
export function startEohub(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [EOHUB, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return Object.assign(child, { output: () => output });
}

/** The test's EOHUB_* settings must not leak into the child from the developer's shell. */
function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('EOHUB_') && k !== 'DATABASE_URL'));
  // A server started by a test takes a free port for its S3 API too, so that parallel servers do not race for 8081.
  return { ...base, EOHUB_S3_PORT: '0', ...env };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `url` until `accept` says yes or the time is up. */
export async function waitFor<T>(url: string, accept: (body: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) {
        const body = (await res.json()) as T;
        last = body;
        if (accept(body)) return body;
      }
    } catch (error) {
      last = error;
    }
    // A short interval: each test waits for several servers, and a poll is one cheap request.
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become ready in ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
}

/**
 * Waits up to `timeoutMs` for a file to appear; returns without error when the time is up, so that the
 * caller's own assertion on the file reports what is missing.
 */
export async function waitForFile(path: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !(await stat(path).catch(() => undefined))) await new Promise((r) => setTimeout(r, 50));
}

/**
 * A database for CLI runs on `backend`: a copy of the migrated PGlite template in a fresh data folder, or
 * an unmigrated schema on the test PostgreSQL. `env` (with `extra` on top) points eohub at it.
 */
export async function cliDatabase(
  backend: Backend,
  extra: NodeJS.ProcessEnv = {},
): Promise<{ env: NodeJS.ProcessEnv; dataDir: string; drop: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'eohub-cli-db-'));
  const env = { EOHUB_DATA_DIR: dataDir, EOHUB_LOG_LEVEL: 'warn', ...extra };
  if (backend === 'pglite') {
    await cp(inject('pgliteTemplate'), join(dataDir, 'pglite'), { recursive: true });
    return { env, dataDir, drop: async () => undefined };
  }
  const { db, drop } = await createTestDb('postgres', false);
  return { env: { ...env, DATABASE_URL: TEST_DATABASE_URL, EOHUB_DATABASE_SCHEMA: db.schema }, dataDir, drop };
}

/** Standard output of a command printing JSON lines. */
export const jsonLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
