import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One PGlite per worker process, shared by every file that worker runs (opening one costs seconds);
    // suites isolate themselves by schema (test/support/with-db.ts).
    pool: 'forks',
    poolOptions: { forks: { isolate: false } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
    // In CI every test is listed, so the log shows each database suite ran on [pglite] and [postgres].
    reporters: process.env['CI'] ? ['verbose'] : ['default'],
  },
});
