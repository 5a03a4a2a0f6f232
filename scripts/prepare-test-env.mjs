#!/usr/bin/env node
// Prepares what `npm test` needs: Debian packages, a running PostgreSQL with PostGIS, and a throw-away
// test database. As root on Debian it installs and starts what is missing; elsewhere it stops with one
// message naming what is missing. Set EOHUB_TEST_DATABASE_URL to use a PostgreSQL + PostGIS database of
// your own instead (it must allow CREATE SCHEMA and have postgis and btree_gist installed).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';

const TEST_DB = 'eohub_test';
/**
 * Real third-party clients that check what the hub serves: gdal-bin (gdalinfo on the demo's GeoTIFFs,
 * ogrinfo and the STACIT driver on the STAC API, /vsicurl/ downloads), python3-owslib (OGC API -
 * Features), python3-sentinelsat (the DHuS scripts), curl (downloads with ranges and resume), chromium
 * (the portal's end-to-end tests, driven by playwright-core at /usr/bin/chromium), awscli and
 * python3-boto3 (the S3 access API; GDAL's /vsis3/ too).
 */
const CLIENT_PACKAGES = ['gdal-bin', 'python3-owslib', 'python3-sentinelsat', 'curl', 'chromium', 'awscli', 'python3-boto3'];
const CLIENT_TOOLS = ['gdalinfo', 'ogrinfo', 'curl', 'chromium', 'aws'];
/** Python modules of those packages, checked with Debian's own interpreter (the one the tests run). */
const CLIENT_MODULES = ['owslib', 'sentinelsat', 'boto3'];
const TEST_URL = `postgres://${TEST_DB}:${TEST_DB}@127.0.0.1:5432/${TEST_DB}`;

function fail(message) {
  console.error(`\nnpm test cannot run: ${message}\n`);
  process.exit(1);
}

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function installed(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
}

function pgVersions() {
  return existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a) : [];
}

async function canConnect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const r = await client.query(`SELECT count(*)::int AS n FROM pg_extension WHERE extname IN ('postgis', 'btree_gist')`);
    return r.rows[0].n === 2 ? 'ok' : 'no-postgis';
  } catch {
    return 'unreachable';
  } finally {
    await client.end().catch(() => {});
  }
}

async function main() {
  if (process.env.EOHUB_TEST_DATABASE_URL) {
    const state = await canConnect(process.env.EOHUB_TEST_DATABASE_URL);
    if (state !== 'ok') fail(`EOHUB_TEST_DATABASE_URL is ${state === 'no-postgis' ? 'missing the postgis and btree_gist extensions' : 'unreachable'}.`);
    return;
  }
  const isRoot = process.getuid?.() === 0;
  const isDebian = existsSync('/etc/debian_version') && have('apt-get');
  if (!isRoot || !isDebian) {
    const missingTools = [
      ...CLIENT_TOOLS.filter((t) => !have(t)),
      ...CLIENT_MODULES.filter((m) => spawnSync('/usr/bin/python3', ['-c', `import ${m}`], { stdio: 'ignore' }).status !== 0).map((m) => `python3 module ${m}`),
    ];
    if (missingTools.length > 0) fail(`it needs ${missingTools.join(', ')} (Debian: ${CLIENT_PACKAGES.join(' ')}).`);
    if ((await canConnect(TEST_URL)) === 'ok') return;
    fail(
      `it needs PostgreSQL 15+ with PostGIS 3 and a database ${TEST_URL} (or EOHUB_TEST_DATABASE_URL). ` +
        `On Debian as root this script installs them itself (postgresql, postgresql-15-postgis-3, ${CLIENT_PACKAGES.join(', ')}); here it is ` +
        `${isDebian ? 'not root' : 'not Debian'}.`,
    );
  }

  const versions = pgVersions();
  const version = versions[0] ?? '15';
  // Debian packages the suites use: the database, and real third-party clients that check our output.
  const wanted = [...(versions.length === 0 ? ['postgresql'] : []), `postgresql-${version}-postgis-3`, ...CLIENT_PACKAGES].filter(
    (p) => !installed(p),
  );
  if (wanted.length > 0) {
    console.log(`pretest: installing ${wanted.join(' ')} with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...wanted], { env });
  }
  const ver = pgVersions()[0];
  if (!ver) fail('PostgreSQL did not install a cluster under /etc/postgresql.');
  if (spawnSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']).status !== 0) {
    console.log(`pretest: starting PostgreSQL ${ver}`);
    run('pg_ctlcluster', ['--skip-systemctl-redirect', ver, 'main', 'start']);
    for (let i = 0; i < 30 && spawnSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']).status !== 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  // A fresh throw-away database every run; a password role works with Debian's default scram and with trust.
  const psql = (db, sql) => run('runuser', ['-u', 'postgres', '--', 'psql', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql]);
  psql('postgres', `DROP DATABASE IF EXISTS ${TEST_DB} WITH (FORCE)`);
  psql('postgres', `DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${TEST_DB}') THEN CREATE ROLE ${TEST_DB} LOGIN PASSWORD '${TEST_DB}'; END IF; END$$`);
  psql('postgres', `CREATE DATABASE ${TEST_DB} OWNER ${TEST_DB}`);
  psql(TEST_DB, 'CREATE EXTENSION postgis; CREATE EXTENSION btree_gist; CREATE EXTENSION unaccent;');
  const state = await canConnect(TEST_URL);
  if (state !== 'ok') fail(`the test database ${TEST_URL} is ${state} after preparing it.`);
  console.log(`pretest: PostgreSQL ${ver} + PostGIS ready at ${TEST_URL.replace(/:[^:@/]+@/, ':***@')}`);
}

await main();
