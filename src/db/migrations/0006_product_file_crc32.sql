-- The CRC-32 of each product file, which the product's zip package carries in its headers: with it the
-- download can generate any byte range of the package without reading the files (storage/product-zip.ts).
-- NULL for files registered before; the download computes those once from the stored bytes.
ALTER TABLE product_files ADD COLUMN IF NOT EXISTS crc32 bigint CHECK (crc32 BETWEEN 0 AND 4294967295);
