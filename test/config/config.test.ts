import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, redactConfig, unknownEnvVariables } from '../../src/config/index.ts';
import { HubError } from '../../src/errors/index.ts';
import { archiveS3Settings } from '../../src/storage/index.ts';

describe('configuration', () => {
  it('defaults to the embedded database in ./data on port 8080', () => {
    const c = loadConfig({ env: {} });
    expect(c.dataDir).toBe('./data');
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.demo.onEmptyStart).toBe(true);
  });

  it('layers file, then EOHUB_* environment, then flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eohub-config-'));
    const file = join(dir, 'eohub.json');
    writeFileSync(file, JSON.stringify({ port: 9000, dataDir: '/from/file', demo: { count: 5 } }));
    const c = loadConfig({ file, env: { EOHUB_PORT: '9100', EOHUB_DEMO: 'false' }, overrides: { dataDir: '/from/flag' } });
    expect(c.port).toBe(9100);
    expect(c.dataDir).toBe('/from/flag');
    expect(c.demo).toEqual({ onEmptyStart: false, count: 5, seed: 42 });
  });

  it('reads the STAC settings from EOHUB_STAC_* variables, booleans and comma-separated lists included', () => {
    const c = loadConfig({
      env: { EOHUB_STAC_TRANSACTIONS: 'on', EOHUB_STAC_MAX_LIMIT: '500', EOHUB_STAC_CORS_ORIGINS: 'https://a.example, https://b.example' },
    });
    expect(c.stac).toMatchObject({
      transactions: true,
      maxLimit: 500,
      defaultLimit: 10,
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
  });

  it('prepares bounded searches on PostgreSQL unless EOHUB_DATABASE_PREPARED_STATEMENTS turns it off', () => {
    expect(loadConfig({ env: {} }).databasePreparedStatements).toBe(true);
    expect(loadConfig({ env: { EOHUB_DATABASE_PREPARED_STATEMENTS: 'off' } }).databasePreparedStatements).toBe(false);
    expect(() => loadConfig({ env: { EOHUB_DATABASE_PREPARED_STATEMENTS: 'sometimes' } })).toThrow(/databasePreparedStatements/);
  });

  it('reads portal views from EOHUB_ACCESS_VIEWS as JSON, host names in lower case', () => {
    const views = [{ name: 'marine', hosts: ['Marine.Example.org'], collections: ['SENTINEL-1', 'SENTINEL-3*'] }];
    const c = loadConfig({ env: { EOHUB_ACCESS_VIEWS: JSON.stringify(views) } });
    expect(c.access.views).toEqual([{ name: 'marine', hosts: ['marine.example.org'], collections: ['SENTINEL-1', 'SENTINEL-3*'] }]);
    expect(loadConfig({ env: {} }).access.views).toEqual([]);
  });

  it('refuses views that share a name or a host, a host with a port, and a wildcard inside a name', () => {
    const load = (views: unknown) => () => loadConfig({ env: { EOHUB_ACCESS_VIEWS: JSON.stringify(views) } });
    const view = { name: 'a', hosts: ['a.example.org'], collections: ['SENTINEL-1'] };
    expect(load([view, { ...view, hosts: ['b.example.org'] }])).toThrow(/two views are named a/);
    expect(load([view, { ...view, name: 'b' }])).toThrow(/host a\.example\.org is in views a and b/);
    expect(load([{ ...view, hosts: ['a.example.org:8080'] }])).toThrow(/access\.views\.0\.hosts\.0/);
    expect(load([{ ...view, collections: ['SENTINEL-*-L2'] }])).toThrow(/access\.views\.0\.collections\.0/);
    expect(load('not json')).toThrow(HubError);
  });

  it('names EOHUB_* variables that no setting reads, with the closest known name, so that a typo is not silently ignored', () => {
    const env = { EOHUB_DEMO_ON_EMPTY_START: 'false', EOHUB_PROT: '9000', EOHUB_PORT: '9000', EOHUB_CONFIG: 'x.json', PATH: '/bin' };
    expect(unknownEnvVariables(env)).toEqual([
      { name: 'EOHUB_DEMO_ON_EMPTY_START', closest: expect.stringMatching(/^EOHUB_DEMO/) as unknown },
      { name: 'EOHUB_PROT', closest: 'EOHUB_PORT' },
    ]);
  });

  it('reads the portal settings from EOHUB_PORTAL_* variables and refuses a base layer that is not an http(s) URL', () => {
    expect(loadConfig({ env: {} }).portal).toEqual({ enabled: true });
    const c = loadConfig({ env: { EOHUB_PORTAL_ENABLED: 'no', EOHUB_PORTAL_BASE_LAYER_URL: 'https://tiles.example/{z}/{x}/{y}.png' } });
    expect(c.portal).toEqual({ enabled: false, baseLayerUrl: 'https://tiles.example/{z}/{x}/{y}.png' });
    expect(() => loadConfig({ env: { EOHUB_PORTAL_BASE_LAYER_URL: 'file:///etc/passwd' } })).toThrow(/portal\.baseLayerUrl/);
  });

  it('reads DATABASE_URL', () => {
    expect(loadConfig({ env: { DATABASE_URL: 'postgres://u:p@db:5432/hub' } }).databaseUrl).toBe('postgres://u:p@db:5432/hub');
  });

  it('reports every problem at once before anything starts', () => {
    let caught: unknown;
    try {
      loadConfig({ env: { EOHUB_PORT: 'eighty', DATABASE_URL: 'mysql://x', EOHUB_LOG_LEVEL: 'loud' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HubError);
    const e = caught as HubError;
    expect(e.code).toBe('CONFIG_INVALID');
    const problems = e.details?.['problems'] as string[];
    expect(problems.some((p) => p.startsWith('port:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('databaseUrl:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('logLevel:'))).toBe(true);
  });

  it('refuses unknown keys in the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eohub-config-'));
    const file = join(dir, 'eohub.json');
    writeFileSync(file, JSON.stringify({ prot: 80 }));
    expect(() => loadConfig({ file, env: {} })).toThrow(/prot/);
  });

  it('is frozen', () => {
    const c = loadConfig({ env: {} });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.ingest)).toBe(true);
  });

  it('redacts database passwords', () => {
    const c = loadConfig({ env: { DATABASE_URL: 'postgres://hub:s3cret@db/hub' } });
    expect(JSON.stringify(redactConfig(c))).not.toContain('s3cret');
  });

  it('reads the per-collection eviction policies from EOHUB_ARCHIVE_EVICTION as JSON and names the setting when the JSON is bad', () => {
    const c = loadConfig({
      env: {
        EOHUB_ARCHIVE_EVICTION:
          '{"default":{"policy":"daysSinceAccess","days":30},"SENTINEL-1":{"policy":"newestBytes","bytes":500000000000}}',
      },
    });
    expect(c.archive.eviction).toEqual({
      default: { policy: 'daysSinceAccess', days: 30 },
      'SENTINEL-1': { policy: 'newestBytes', bytes: 500_000_000_000 },
    });
    for (const bad of ['SENTINEL-1=never', '{"default":{"policy":"sometimes"}}']) {
      expect(() => loadConfig({ env: { EOHUB_ARCHIVE_EVICTION: bad } }), bad).toThrow(/archive\.eviction/);
    }
  });

  it('puts the archive in its own bucket with EOHUB_ARCHIVE_* variables, reusing the storage.s3 connection unless overridden', () => {
    const storage = {
      EOHUB_STORAGE_BACKEND: 's3',
      EOHUB_STORAGE_S3_ENDPOINT: 'http://minio:9000',
      EOHUB_STORAGE_S3_BUCKET: 'online',
      EOHUB_STORAGE_S3_ACCESS_KEY_ID: 'online-key',
      EOHUB_STORAGE_S3_SECRET_ACCESS_KEY: 'online-secret',
    };
    const c = loadConfig({
      env: { ...storage, EOHUB_ARCHIVE_BACKEND: 's3', EOHUB_ARCHIVE_S3_BUCKET: 'tape', EOHUB_ARCHIVE_S3_PREFIX: 'lta' },
    });
    expect(c.archive.backend).toBe('s3');
    expect(archiveS3Settings(c)).toMatchObject({
      endpoint: 'http://minio:9000',
      bucket: 'tape',
      prefix: 'lta',
      accessKeyId: 'online-key',
      secretAccessKey: 'online-secret',
      forcePathStyle: true,
      maxAttempts: 5,
    });
    const own = loadConfig({
      env: {
        ...storage,
        EOHUB_ARCHIVE_BACKEND: 's3',
        EOHUB_ARCHIVE_S3_ENDPOINT: 'https://archive.example',
        EOHUB_ARCHIVE_S3_SECRET_ACCESS_KEY: 'archive-secret',
        EOHUB_ARCHIVE_S3_FORCE_PATH_STYLE: 'false',
        EOHUB_ARCHIVE_S3_MAX_ATTEMPTS: '9',
      },
    });
    expect(archiveS3Settings(own)).toMatchObject({
      endpoint: 'https://archive.example',
      bucket: 'eohub-archive',
      secretAccessKey: 'archive-secret',
      forcePathStyle: false,
      maxAttempts: 9,
    });
    expect(JSON.stringify(redactConfig(own))).not.toMatch(/archive-secret|online-secret/);
    expect(loadConfig({ env: {} }).archive.backend).toBe('fs');
  });

  it('refuses an archive whose keys would mix with the online store in one bucket', () => {
    const env = {
      EOHUB_STORAGE_BACKEND: 's3',
      EOHUB_STORAGE_S3_BUCKET: 'shared',
      EOHUB_ARCHIVE_BACKEND: 's3',
      EOHUB_ARCHIVE_S3_BUCKET: 'shared',
    };
    expect(() => loadConfig({ env })).toThrow(/archive\.s3\.prefix/);
    expect(() => loadConfig({ env: { ...env, EOHUB_STORAGE_S3_PREFIX: 'online', EOHUB_ARCHIVE_S3_PREFIX: 'online/archive' } })).toThrow(
      /archive\.s3\.prefix/,
    );
    expect(
      archiveS3Settings(loadConfig({ env: { ...env, EOHUB_STORAGE_S3_PREFIX: 'online', EOHUB_ARCHIVE_S3_PREFIX: 'archive' } })).prefix,
    ).toBe('archive');
  });
});
