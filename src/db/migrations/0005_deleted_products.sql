-- Tombstones of deleted products (CDSE §1.9 DeletedProducts): the product row as it was, when it was
-- deleted and why. An AFTER DELETE trigger writes them, so that every deletion path (catalog's
-- deleteProduct, an operator's SQL, a cascade) leaves one. The cause comes from the transaction-local
-- setting eohub.deletion_cause (SET LOCAL by deleteProduct); without it the cause is 'Deleted'.
-- The table has every column of products (test/odata/deleted-products.test.ts checks it): a migration
-- that adds one to products adds it here, to the trigger and to catalog/deletions.ts too.

CREATE TABLE deleted_products (
  id                uuid PRIMARY KEY,
  name              text NOT NULL,
  collection        text NOT NULL,
  content_type      text NOT NULL,
  content_length    bigint NOT NULL,
  origin_date       timestamptz NOT NULL,
  publication_date  timestamptz NOT NULL,
  modification_date timestamptz NOT NULL,
  sensing_start     timestamptz,
  sensing_end       timestamptz,
  footprint         geometry(Geometry, 4326),
  online            boolean NOT NULL,
  eviction_date     timestamptz,
  storage_store     text NOT NULL,
  storage_path      text NOT NULL,
  checksums         jsonb NOT NULL,
  attributes        jsonb NOT NULL,
  warnings          jsonb NOT NULL,
  raster_grids      jsonb NOT NULL,
  deletion_date     timestamptz NOT NULL,
  deletion_cause    text NOT NULL
);
CREATE INDEX deleted_products_deletion_idx ON deleted_products (deletion_date, id);
CREATE INDEX deleted_products_name_idx ON deleted_products (name);

CREATE FUNCTION record_deleted_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A product id deleted twice (re-registered in between) keeps its latest tombstone.
  INSERT INTO deleted_products (id, name, collection, content_type, content_length, origin_date, publication_date,
      modification_date, sensing_start, sensing_end, footprint, online, eviction_date, storage_store, storage_path,
      checksums, attributes, warnings, raster_grids, deletion_date, deletion_cause)
    VALUES (OLD.id, OLD.name, OLD.collection, OLD.content_type, OLD.content_length, OLD.origin_date, OLD.publication_date,
      OLD.modification_date, OLD.sensing_start, OLD.sensing_end, OLD.footprint, OLD.online, OLD.eviction_date,
      OLD.storage_store, OLD.storage_path, OLD.checksums, OLD.attributes, OLD.warnings, OLD.raster_grids, clock_timestamp(),
      COALESCE(NULLIF(current_setting('eohub.deletion_cause', true), ''), 'Deleted'))
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, collection = EXCLUDED.collection,
      content_type = EXCLUDED.content_type, content_length = EXCLUDED.content_length, origin_date = EXCLUDED.origin_date,
      publication_date = EXCLUDED.publication_date, modification_date = EXCLUDED.modification_date,
      sensing_start = EXCLUDED.sensing_start, sensing_end = EXCLUDED.sensing_end, footprint = EXCLUDED.footprint,
      online = EXCLUDED.online, eviction_date = EXCLUDED.eviction_date, storage_store = EXCLUDED.storage_store,
      storage_path = EXCLUDED.storage_path, checksums = EXCLUDED.checksums, attributes = EXCLUDED.attributes,
      warnings = EXCLUDED.warnings, raster_grids = EXCLUDED.raster_grids, deletion_date = EXCLUDED.deletion_date, deletion_cause = EXCLUDED.deletion_cause;
  RETURN OLD;
END
$$;

CREATE TRIGGER products_record_deletion AFTER DELETE ON products
  FOR EACH ROW EXECUTE FUNCTION record_deleted_product();
