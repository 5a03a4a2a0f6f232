/**
 * The alternative the catalogue benchmark measures against the plain table: `products` partitioned by
 * collection, each collection by year of sensing start (what pgstac and performance.md try), with the same
 * indexes created on the parent. Built from a migrated schema by replacing the table.
 *
 * What partitioning gives up, and why it is only a benchmark variant: PostgreSQL enforces a unique index
 * on a partitioned table only when it includes the partition keys, so product names and ids are no longer
 * unique across the catalogue (a duplicate goes unnoticed), and nothing can reference products(id) by a
 * foreign key (product_files loses its own).
 */
import type { Db } from '../src/db/index.ts';

const YEARS = [2022, 2023, 2024, 2025, 2026];

export async function partitionProducts(db: Db): Promise<void> {
  const indexes = await db.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = $1 AND tablename = 'products'
     AND indexname NOT IN ('products_pkey', 'products_name_key')`,
    [db.schema],
  );
  const collections = (await db.query<{ name: string }>('SELECT name FROM collections ORDER BY name')).rows.map((r) => r.name);
  const statements = [
    'ALTER TABLE product_files DROP CONSTRAINT IF EXISTS product_files_product_id_fkey',
    'ALTER TABLE products RENAME TO products_plain',
    'CREATE TABLE products (LIKE products_plain INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST (collection)',
    'DROP TABLE products_plain',
  ];
  collections.forEach((c, i) => {
    const parent = `products_c${i}`;
    statements.push(
      `CREATE TABLE ${parent} PARTITION OF products FOR VALUES IN ('${c.replace(/'/g, "''")}') PARTITION BY RANGE (sensing_start)`,
    );
    for (const y of YEARS) {
      statements.push(`CREATE TABLE ${parent}_${y} PARTITION OF ${parent} FOR VALUES FROM ('${y}-01-01') TO ('${y + 1}-01-01')`);
      statements.push(`ALTER TABLE ${parent}_${y} SET (parallel_workers = 0)`);
    }
    // Products without a sensing time, and any other year.
    statements.push(`CREATE TABLE ${parent}_other PARTITION OF ${parent} DEFAULT`);
    statements.push(`ALTER TABLE ${parent}_other SET (parallel_workers = 0)`);
  });
  // The former primary key and unique name, as plain indexes: lookups stay indexed, uniqueness is gone.
  statements.push('CREATE INDEX products_id_idx ON products (id)', 'CREATE INDEX products_name_idx ON products (name)');
  for (const ix of indexes.rows) statements.push(ix.def.replace(/ ON [^ ]*products /, ' ON products '));
  await db.transaction(async (tx) => {
    for (const sql of statements) await tx.exec(sql);
  });
}
