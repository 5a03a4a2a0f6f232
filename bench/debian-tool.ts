/**
 * Tools the benchmarks run beside the hub (nginx, wrk) come from Debian's packages: found where Debian
 * installs them, installed with apt-get when the bench runs as root, or reported missing (null).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function debianTool(path: string, pkg: string): string | null {
  if (existsSync(path)) return path;
  if (process.getuid?.() !== 0) return null;
  process.stdout.write(`${path} is missing; installing ${pkg} (apt-get)\n`);
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'ignore', timeout: 300_000 });
  return r.status === 0 && existsSync(path) ? path : null;
}
