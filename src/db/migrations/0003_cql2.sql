-- CQL2 (OGC 21-065) needs two things of the catalogue schema.
--
-- 1. ACCENTI (/req/accent-insensitive-comparison/accenti-function) compiles to unaccent(), from the
--    contrib extension of that name (trusted since PostgreSQL 13, so a database owner may create it;
--    PGlite loads it at open, db/pglite.ts). Like PostGIS it lives in public, shared by every schema.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;

-- 2. A footprint may be any GeoJSON geometry (a STAC item's geometry, RFC 7946 §3.1): points and lines
--    too, not only polygons. catalog/footprint.ts still splits every footprint at ±180 and keeps
--    polygonal ones as valid MultiPolygons; the GiST indexes are rebuilt by the type change.
ALTER TABLE products ALTER COLUMN footprint TYPE geometry(Geometry, 4326);
