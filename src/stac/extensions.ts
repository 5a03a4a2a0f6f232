/**
 * The STAC extensions items and collections declare, by the version whose schema the tests validate
 * against (../shared/stac-schemas), and the Sentinel-2 MSI band table of the eo extension.
 */
export const EXTENSIONS = {
  eo: 'https://stac-extensions.github.io/eo/v1.1.0/schema.json',
  sat: 'https://stac-extensions.github.io/sat/v1.0.0/schema.json',
  sar: 'https://stac-extensions.github.io/sar/v1.0.0/schema.json',
  proj: 'https://stac-extensions.github.io/projection/v1.1.0/schema.json',
  processing: 'https://stac-extensions.github.io/processing/v1.2.0/schema.json',
  grid: 'https://stac-extensions.github.io/grid/v1.1.0/schema.json',
  file: 'https://stac-extensions.github.io/file/v2.1.0/schema.json',
} as const;

export type ExtensionName = keyof typeof EXTENSIONS;

/** Sentinel-2 MSI bands (ESA Sentinel-2 User Handbook, Table "Spectral bands"), centre wavelengths in µm. */
export const SENTINEL2_BANDS = [
  { name: 'B01', common_name: 'coastal', center_wavelength: 0.443, full_width_half_max: 0.027 },
  { name: 'B02', common_name: 'blue', center_wavelength: 0.49, full_width_half_max: 0.098 },
  { name: 'B03', common_name: 'green', center_wavelength: 0.56, full_width_half_max: 0.045 },
  { name: 'B04', common_name: 'red', center_wavelength: 0.665, full_width_half_max: 0.038 },
  { name: 'B05', common_name: 'rededge', center_wavelength: 0.704, full_width_half_max: 0.019 },
  { name: 'B06', common_name: 'rededge', center_wavelength: 0.74, full_width_half_max: 0.018 },
  { name: 'B07', common_name: 'rededge', center_wavelength: 0.783, full_width_half_max: 0.028 },
  { name: 'B08', common_name: 'nir', center_wavelength: 0.842, full_width_half_max: 0.145 },
  { name: 'B8A', common_name: 'nir08', center_wavelength: 0.865, full_width_half_max: 0.033 },
  { name: 'B09', common_name: 'nir09', center_wavelength: 0.945, full_width_half_max: 0.026 },
  { name: 'B10', common_name: 'cirrus', center_wavelength: 1.375, full_width_half_max: 0.075 },
  { name: 'B11', common_name: 'swir16', center_wavelength: 1.61, full_width_half_max: 0.143 },
  { name: 'B12', common_name: 'swir22', center_wavelength: 2.19, full_width_half_max: 0.242 },
] as const;

/** The Copernicus Sentinel data legal notice (the licence of Sentinel data, linked as `license`). */
export const SENTINEL_LICENSE_URL = 'https://sentinel.esa.int/documents/247904/690755/Sentinel_Data_Legal_Notice';
