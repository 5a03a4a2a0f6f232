-- Quicklook asset ids (OData `Assets(<id>)`, resto `thumbnail`): a UUID derived from the product id and
-- the file's path, the same here and in TypeScript (odata/format.ts quicklookAssetId), so that an id is
-- found through this index instead of by hashing every quicklook. MD5 because PostgreSQL has it built
-- in (SHA-1 needs pgcrypto); the version nibble says 3 (name-based, MD5) and the variant is RFC 9562's.
CREATE FUNCTION quicklook_asset_id(product_id uuid, path text) RETURNS uuid
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN overlay(overlay(md5(product_id::text || ':' || path) PLACING '3' FROM 13 FOR 1) PLACING '8' FROM 17 FOR 1)::uuid;

CREATE INDEX product_files_quicklook_asset_idx ON product_files (quicklook_asset_id(product_id, path)) WHERE role = 'quicklook';
