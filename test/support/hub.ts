import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import type { Db } from '../../src/db/index.ts';
import { buildHub, type Hub } from '../../src/hub/index.ts';

const ADMIN_PASSWORD = 'test hub admin password';

/** Headers that sign in as the test hub's first admin (HTTP Basic). */
export const ADMIN_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`,
});

/**
 * A hub built exactly as production builds it, on a test database and a temporary data folder. Quotas are
 * off unless the overrides set `quotas` (tests fire far more searches than any client would); `clock`
 * moves quota windows and lease expiries.
 */
export async function buildTestHub(db: Db, overrides: Record<string, unknown> = {}, options: { clock?: () => number } = {}): Promise<Hub> {
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir: mkdtempSync(join(tmpdir(), 'eohub-hub-')),
      demo: { onEmptyStart: false },
      // A known first-admin password keeps the generated one from being printed by every test hub.
      auth: { adminPassword: ADMIN_PASSWORD },
      quotas: { enabled: false },
      // Downloads open to anyone, so that tests of other things need no login; test/access sets policies itself.
      access: { defaultPolicy: 'public' },
      ...overrides,
    },
  });
  return buildHub(config, { db, log: pino({ level: 'silent' }), ...(options.clock ? { clock: options.clock } : {}) });
}
