-- Indexes for a catalogue of millions of products (bench/README.md has the measurements behind each).
--
-- The searches every API runs compile (src/query/) to: collection equality, a sensing-time window,
-- ST_Intersects on the footprint, typed attribute reads, and ORDER BY <key> <dir> NULLS LAST, id ASC.

-- Collection + footprint + time window in one GiST (btree_gist gives GiST operator classes to text and
-- timestamptz). A GiST on the footprint alone is swamped by the continent-sized Sentinel-3 and -5P
-- footprints (performance.md); leading with the collection keeps each collection in its own subtree,
-- organised by footprint inside it. The time window of a search compiles to
-- `sensing_start <= $end AND COALESCE(sensing_end, sensing_start) >= $start` (query/temporal-sql.ts):
-- indexing that very expression as well makes both ends of the window index conditions, instead of
-- fetching every earlier product in the box to test the second one (bench/README.md: (a) 3.6 -> 0.45 ms
-- at 100 k).
CREATE INDEX products_collection_footprint_time_idx ON products
  USING gist (collection, footprint, sensing_start, (COALESCE(sensing_end, sensing_start)));

-- Newest first, the default of STAC and OpenSearch clients: the compiled ORDER BY is
-- `sensing_start DESC NULLS LAST, id ASC NULLS LAST`, which the ascending (sensing_start, id) indexes of
-- 0001 cannot give by scanning backwards (that would be NULLS FIRST and id DESC). Without these a
-- newest-first search sorts every match.
CREATE INDEX products_start_desc_idx ON products (sensing_start DESC NULLS LAST, id);
CREATE INDEX products_collection_start_desc_idx ON products (collection, sensing_start DESC NULLS LAST, id);
CREATE INDEX products_publication_desc_idx ON products (publication_date DESC NULLS LAST, id);

-- The hot numeric attribute, by the very expression the compiler emits for a Double read
-- (query/attribute-sql.ts) once the attribute name, a parameter, is folded to a constant: the index then
-- serves `cloudCover < 20`, and ANALYZE gathers statistics on it so that the planner can tell a
-- selective cloud filter from a loose one. String equality (tileId, productType, ...) is served by the
-- GIN on attributes (jsonb_path_ops, 0001) through the containment the compiler adds.
CREATE INDEX products_cloud_cover_idx ON products
  ((CASE WHEN jsonb_typeof(attributes -> 'cloudCover'::text) = 'number' THEN (attributes ->> 'cloudCover'::text)::numeric END));


-- Parallel workers cost more to start than a selective search takes on a small machine (performance.md:
-- ~60 ms per query on 2 cores; measured here: "all of Europe, newest 100" 23.6 ms with them, 4.6 ms
-- without). Catalogue searches are short, indexed and run many at once, so the products table is scanned
-- by one process; exact counts of huge result sets are the loser, and estimated counts serve those.
ALTER TABLE products SET (parallel_workers = 0);

-- Name prefixes (OData startswith(Name, ...), OpenSearch productIdentifier) are estimated from the
-- histogram of names; with the default 100 buckets, a bucket holds 10,000 of 1 M names and a one-day
-- prefix of ~300 products could be estimated at 10,000, which made the planner walk the primary key
-- instead (measured at 1 M: p95 107 ms, worst 196 ms; with 1,000 buckets the worst was 20 ms). The
-- price is a larger ANALYZE sample (300,000 rows): ~10 s at 1 M products, once per bulk load.
ALTER TABLE products ALTER COLUMN name SET STATISTICS 1000;
