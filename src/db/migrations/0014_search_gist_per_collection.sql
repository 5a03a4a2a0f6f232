-- Search (a) at 1 M products (bench/README.md): the composite GiST of 0002, led by the collection, did not
-- keep the collections apart. btree_gist's key for text is a range, and once a subtree's range spans
-- SENTINEL-1..SENTINEL-5P every insertion fits it at no cost, so small Sentinel-2 tiles share subtrees
-- with continent-sized Sentinel-3 frames and Sentinel-5P strips whose boxes cover everything: a 2°×2°
-- box and one month read ~450 index pages (8-15 ms). One partial GiST per large collection holds only
-- footprints of like size, and the same search reads ~60 pages (1.5 ms), measured on the same 1 M
-- products. A search names its collection as `collection IN ('SENTINEL-2')` with the name folded to a
-- constant in PostgreSQL's custom plans, which proves the partial index's predicate.
--
-- Every product is in exactly one of these indexes, so writes cost what they did. Collections other than
-- the four share the last index, led by the collection as before (the planner proves `NOT IN` from the
-- searched name). A search over several collections at once, or none, uses the footprint GiST of 0001.
DROP INDEX IF EXISTS products_collection_footprint_time_idx;

CREATE INDEX products_s1_footprint_time_idx ON products
  USING gist (footprint, sensing_start, (COALESCE(sensing_end, sensing_start))) WHERE collection = 'SENTINEL-1';
CREATE INDEX products_s2_footprint_time_idx ON products
  USING gist (footprint, sensing_start, (COALESCE(sensing_end, sensing_start))) WHERE collection = 'SENTINEL-2';
CREATE INDEX products_s3_footprint_time_idx ON products
  USING gist (footprint, sensing_start, (COALESCE(sensing_end, sensing_start))) WHERE collection = 'SENTINEL-3';
CREATE INDEX products_s5p_footprint_time_idx ON products
  USING gist (footprint, sensing_start, (COALESCE(sensing_end, sensing_start))) WHERE collection = 'SENTINEL-5P';
CREATE INDEX products_other_footprint_time_idx ON products
  USING gist (collection, footprint, sensing_start, (COALESCE(sensing_end, sensing_start)))
  WHERE collection NOT IN ('SENTINEL-1', 'SENTINEL-2', 'SENTINEL-3', 'SENTINEL-5P');
