-- Catalogue: collections, products, the files inside them, attribute types, and the outbox of events.

CREATE TABLE collections (
  name          text PRIMARY KEY,
  title         text NOT NULL,
  description   text NOT NULL DEFAULT '',
  -- CDSE-style top folder in storage and S3 ('Sentinel-2', 'CCM', ...)
  storage_prefix text NOT NULL,
  properties    jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  id                uuid PRIMARY KEY,
  name              text NOT NULL,
  collection        text NOT NULL REFERENCES collections (name),
  content_type      text NOT NULL,
  content_length    bigint NOT NULL CHECK (content_length >= 0),
  origin_date       timestamptz NOT NULL,
  publication_date  timestamptz NOT NULL,
  modification_date timestamptz NOT NULL,
  sensing_start     timestamptz,
  sensing_end       timestamptz,
  -- Always a MultiPolygon in lon/lat, split at the antimeridian (catalog/footprint.ts), so that a search
  -- on either side of 180 degrees finds it with plain planar operators and one GiST index.
  footprint         geometry(MultiPolygon, 4326),
  online            boolean NOT NULL DEFAULT true,
  eviction_date     timestamptz,
  storage_store     text NOT NULL,
  storage_path      text NOT NULL,
  -- [{"algorithm":"MD5","value":"...","date":"..."}, {"algorithm":"BLAKE3",...}]
  checksums         jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- {"productType":"S2MSI2A","cloudCover":12.5,...}; types in attribute_types
  attributes        jsonb NOT NULL DEFAULT '{}'::jsonb,
  warnings          jsonb NOT NULL DEFAULT '[]'::jsonb,
  CONSTRAINT products_name_key UNIQUE (name),
  CONSTRAINT products_sensing_order CHECK (sensing_end IS NULL OR sensing_start IS NULL OR sensing_end >= sensing_start)
);

-- The searches every API runs: collection + time (+ keyset id), footprint, attributes, name prefix, dates.
CREATE INDEX products_collection_start_idx ON products (collection, sensing_start, id);
CREATE INDEX products_start_idx ON products (sensing_start, id);
CREATE INDEX products_publication_idx ON products (publication_date, id);
CREATE INDEX products_modification_idx ON products (modification_date, id);
CREATE INDEX products_footprint_idx ON products USING gist (footprint);
CREATE INDEX products_attributes_idx ON products USING gin (attributes jsonb_path_ops);
CREATE INDEX products_name_pattern_idx ON products (name text_pattern_ops);

CREATE TABLE product_files (
  product_id  uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  path        text NOT NULL,
  size_bytes  bigint NOT NULL CHECK (size_bytes >= 0),
  md5         text NOT NULL,
  blake3      text NOT NULL,
  media_type  text NOT NULL,
  role        text NOT NULL,
  PRIMARY KEY (product_id, path)
);

-- Which attributes exist per collection and their type (OData /Attributes(<collection>)).
CREATE TABLE attribute_types (
  collection  text NOT NULL REFERENCES collections (name),
  name        text NOT NULL,
  value_type  text NOT NULL CHECK (value_type IN ('String', 'Integer', 'Double', 'DateTimeOffset', 'Boolean')),
  PRIMARY KEY (collection, name)
);

-- Outbox: every catalogue change writes one row in the same transaction.
CREATE TABLE events (
  id          bigserial PRIMARY KEY,
  type        text NOT NULL,
  product_id  uuid,
  collection  text,
  payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_product_idx ON events (product_id);

-- Ingests between "files copied into storage" and "registered": what crash recovery must undo.
CREATE TABLE pending_ingests (
  id            uuid PRIMARY KEY,
  name          text NOT NULL,
  storage_store text NOT NULL,
  storage_path  text NOT NULL,
  owner         text NOT NULL,
  started_at    timestamptz NOT NULL DEFAULT now()
);

INSERT INTO collections (name, title, description, storage_prefix) VALUES
  ('SENTINEL-1', 'Sentinel-1', 'C-band synthetic aperture radar (SAR): GRD, SLC, OCN products and orbit files.', 'Sentinel-1'),
  ('SENTINEL-2', 'Sentinel-2', 'Multispectral optical imagery (MSI), Level-1C and Level-2A tiles.', 'Sentinel-2'),
  ('SENTINEL-3', 'Sentinel-3', 'Ocean and land colour (OLCI), surface temperature (SLSTR), altimetry (SRAL) and synergy products.', 'Sentinel-3'),
  ('SENTINEL-5P', 'Sentinel-5P', 'Atmospheric composition from TROPOMI: NO2, O3, SO2, CO, CH4, HCHO, aerosols, clouds.', 'Sentinel-5P'),
  ('SENTINEL-6', 'Sentinel-6', 'Radar altimetry (Poseidon-4) of sea surface height.', 'Sentinel-6'),
  ('COP-DEM', 'Copernicus DEM', 'Copernicus digital elevation model tiles (GLO-30, GLO-90, EEA-10).', 'CCM');
