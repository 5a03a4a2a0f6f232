import type { HubConfig } from '../config/index.ts';

/** A portal view as configured (config access.views). */
export type AccessView = HubConfig['access']['views'][number];

/** The view whose host names include `host` (compared without port and case). */
export function viewForHost(views: readonly AccessView[], host: string): AccessView | undefined {
  const bare = hostWithoutPort(host).toLowerCase();
  return views.find((v) => v.hosts.includes(bare));
}

function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/** Whether a view's collection entries (names, or prefixes ending in `*`) take in `collection`. */
export function viewTakes(entries: readonly string[], collection: string): boolean {
  return entries.some((e) => (e.endsWith('*') ? collection.startsWith(e.slice(0, -1)) : collection === e));
}

/** The entries as SQL LIKE patterns (`*` a trailing wildcard, LIKE's own `%` `_` `\` escaped). */
export function viewLikePatterns(entries: readonly string[]): string[] {
  return entries.map((e) => {
    const prefix = e.endsWith('*');
    const literal = (prefix ? e.slice(0, -1) : e).replace(/[\\%_]/g, (c) => `\\${c}`);
    return prefix ? `${literal}%` : literal;
  });
}
