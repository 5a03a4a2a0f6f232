import type { Command } from 'commander';
import { loadConfig, type HubConfig } from '../config/index.ts';

/** The configuration for a command: file, env, then the global flags and the command's own overrides. */
export function configFrom(command: Command, overrides: Record<string, unknown> = {}): HubConfig {
  const g = command.optsWithGlobals<{ config?: string; dataDir?: string; databaseUrl?: string; logLevel?: string }>();
  return loadConfig({
    file: g.config,
    overrides: {
      ...(g.dataDir ? { dataDir: g.dataDir } : {}),
      ...(g.databaseUrl ? { databaseUrl: g.databaseUrl } : {}),
      ...(g.logLevel ? { logLevel: g.logLevel } : {}),
      ...overrides,
    },
  });
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
