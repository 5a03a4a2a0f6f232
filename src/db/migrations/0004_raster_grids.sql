-- The raster grids a product's own files state (Sentinel-2 tiles: EPSG, corner and size at 10, 20 and
-- 60 m, from MTD_TL.xml), kept for presenters: STAC's projection extension (proj:code, proj:shape,
-- proj:transform) lets GDAL's STACIT, odc-stac and stackstac mosaic items without opening each file.
-- Not searched on, so not indexed.
ALTER TABLE products ADD COLUMN raster_grids jsonb NOT NULL DEFAULT '[]'::jsonb;
