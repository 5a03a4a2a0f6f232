import { loadConfig } from '../../src/config/index.ts';
import type { AuthContext } from '../../src/auth/index.ts';
import type { Db } from '../../src/db/index.ts';

/** An auth context on a test database with a clock the test moves by hand. */
export function authContext(db: Db, overrides: Record<string, unknown> = {}): AuthContext & { advance(ms: number): void } {
  let now = Date.parse('2026-06-01T12:00:00Z');
  const config = loadConfig({ env: {}, overrides: { auth: { userCacheMs: 0, ...overrides } } });
  return {
    db,
    settings: config.auth,
    baseUrl: 'http://hub.test',
    clock: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
