import { TILE_SIZE_M } from './mgrs.ts';
import { compactUtc, fixed, isoUtc, latLonList, md5Hex, type ProductFile } from './product-files.ts';
import type { Sentinel2Plan } from './sentinel2.ts';

/**
 * The XML of a Sentinel-2 SAFE: MTD_MSIL1C/2A.xml, the granule's MTD_TL.xml and manifest.safe, element
 * for element as in the samples, less what carries no searchable metadata (see sentinel2.ts).
 */

export const S2_BASELINE = '05.11';

export function productMetadata(p: Sentinel2Plan, images: string[], datastripId: string, tileId: string): string {
  const l2a = p.level === 'L2A';
  const ns = l2a ? 'User_Product_Level-2A' : 'User_Product_Level-1C';
  const start = isoUtc(p.datatakeStartMs, 3);
  const irradiance = [1884.69, 1959.66, 1823.24, 1512.06, 1424.64, 1287.61, 1162.08, 1041.63, 955.32, 812.92, 367.15, 245.59, 85.25];
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<n1:Level-${l2a ? '2A' : '1C'}_User_Product xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/${ns}.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="https://psd-14.sentinel2.eo.esa.int/PSD/${ns}.xsd">
  <n1:General_Info>
    <Product_Info>
      <PRODUCT_START_TIME>${start}</PRODUCT_START_TIME>
      <PRODUCT_STOP_TIME>${start}</PRODUCT_STOP_TIME>
      <PRODUCT_URI>${p.name}</PRODUCT_URI>
      <PROCESSING_LEVEL>Level-${p.level.slice(1)}</PROCESSING_LEVEL>
      <PRODUCT_TYPE>S2MSI${p.level.slice(1)}</PRODUCT_TYPE>
      <PROCESSING_S2_BASELINE>${S2_BASELINE}</PROCESSING_S2_BASELINE>
      <PRODUCT_DOI>https://doi.org/10.5270/S2_-${l2a ? 'znk9xsj' : '742ikth'}</PRODUCT_DOI>
      <GENERATION_TIME>${isoUtc(p.generationMs, 6)}</GENERATION_TIME>
      <PREVIEW_IMAGE_URL>Not applicable</PREVIEW_IMAGE_URL>
      <PREVIEW_GEO_INFO>Not applicable</PREVIEW_GEO_INFO>
      <Datatake datatakeIdentifier="G${p.platform}_${compactUtc(p.datatakeStartMs)}_${String(p.orbit).padStart(6, '0')}_N${S2_BASELINE}">
        <SPACECRAFT_NAME>Sentinel-${p.platform.slice(1)}</SPACECRAFT_NAME>
        <DATATAKE_TYPE>INS-NOBS</DATATAKE_TYPE>
        <DATATAKE_SENSING_START>${start}</DATATAKE_SENSING_START>
        <SENSING_ORBIT_NUMBER>${p.relativeOrbit}</SENSING_ORBIT_NUMBER>
        <SENSING_ORBIT_DIRECTION>DESCENDING</SENSING_ORBIT_DIRECTION>
      </Datatake>
      <Query_Options completeSingleTile="true">
        <PRODUCT_FORMAT>SAFE_COMPACT</PRODUCT_FORMAT>
      </Query_Options>
      <Product_Organisation>
        <Granule_List>
          <Granule datastripIdentifier="${datastripId}" granuleIdentifier="${tileId}" imageFormat="GeoTIFF">
${images.map((i) => `            <IMAGE_FILE>${i}</IMAGE_FILE>`).join('\n')}
          </Granule>
        </Granule_List>
      </Product_Organisation>
    </Product_Info>
    <Product_Image_Characteristics>
      <Special_Values>
        <SPECIAL_VALUE_TEXT>NODATA</SPECIAL_VALUE_TEXT>
        <SPECIAL_VALUE_INDEX>0</SPECIAL_VALUE_INDEX>
      </Special_Values>
      <Special_Values>
        <SPECIAL_VALUE_TEXT>SATURATED</SPECIAL_VALUE_TEXT>
        <SPECIAL_VALUE_INDEX>65535</SPECIAL_VALUE_INDEX>
      </Special_Values>
${radiometry(l2a)}
      <Reflectance_Conversion>
        <U>${fixed(1 + 0.0334 * Math.cos((2 * Math.PI * (dayOfYear(p.tileSensingMs) - 4)) / 365.25), 14)}</U>
        <Solar_Irradiance_List>
${irradiance.map((v, i) => `          <SOLAR_IRRADIANCE bandId="${i}" unit="W/m²/µm">${v}</SOLAR_IRRADIANCE>`).join('\n')}
        </Solar_Irradiance_List>
      </Reflectance_Conversion>
    </Product_Image_Characteristics>
  </n1:General_Info>
  <n1:Geometric_Info>
    <Product_Footprint>
      <Product_Footprint>
        <Global_Footprint>
          <EXT_POS_LIST>${latLonList(p.coverage, 12)} </EXT_POS_LIST>
        </Global_Footprint>
      </Product_Footprint>
      <RASTER_CS_TYPE>POINT</RASTER_CS_TYPE>
      <PIXEL_ORIGIN>1</PIXEL_ORIGIN>
    </Product_Footprint>
    <Coordinate_Reference_System>
      <GEO_TABLES version="1">EPSG</GEO_TABLES>
      <HORIZONTAL_CS_TYPE>GEOGRAPHIC</HORIZONTAL_CS_TYPE>
    </Coordinate_Reference_System>
  </n1:Geometric_Info>
  <n1:Auxiliary_Data_Info>
    <PRODUCTION_DEM_TYPE>COPERNICUS_DEM_GLO-30</PRODUCTION_DEM_TYPE>
    <IERS_BULLETIN_FILENAME>S2__OPER_AUX_UT1UTC_PDMC_${compactUtc(dayFloor(p.tileSensingMs) - 86400_000)}_V${compactUtc(dayFloor(p.tileSensingMs))}_${compactUtc(dayFloor(p.tileSensingMs) + 365 * 86400_000)}</IERS_BULLETIN_FILENAME>
    <ECMWF_DATA_REF>S2__OPER_AUX_ECMWFD_ADG__${compactUtc(dayFloor(p.tileSensingMs))}_V${compactUtc(dayFloor(p.tileSensingMs) + 3 * 3600_000)}_${compactUtc(dayFloor(p.tileSensingMs) + 21 * 3600_000)}</ECMWF_DATA_REF>
  </n1:Auxiliary_Data_Info>
  <n1:Quality_Indicators_Info>
    <Cloud_Coverage_Assessment>${fixed(p.cloudPercent, 6)}</Cloud_Coverage_Assessment>
    <Technical_Quality_Assessment>
      <DEGRADED_ANC_DATA_PERCENTAGE>0.0</DEGRADED_ANC_DATA_PERCENTAGE>
      <DEGRADED_MSI_DATA_PERCENTAGE>0</DEGRADED_MSI_DATA_PERCENTAGE>
    </Technical_Quality_Assessment>
    <Quality_Control_Checks>
      <Quality_Inspections>
${['FORMAT_CORRECTNESS', 'GENERAL_QUALITY', 'GEOMETRIC_QUALITY', 'RADIOMETRIC_QUALITY', 'SENSOR_QUALITY'].map((c) => `        <quality_check checkType="${c}">PASSED</quality_check>`).join('\n')}
      </Quality_Inspections>
      <Failed_Inspections/>
    </Quality_Control_Checks>${l2a ? `\n    <Image_Content_QI>\n${contentQi(p, '      ')}\n    </Image_Content_QI>` : ''}
  </n1:Quality_Indicators_Info>
</n1:Level-${l2a ? '2A' : '1C'}_User_Product>
`;
}

/** L2A scene-classification shares; they add up to 100 % of the valid pixels. */
function contentQi(p: Sentinel2Plan, indent: string): string {
  const cloud = p.cloudPercent;
  const clear = Math.max(0, 100 - cloud - p.snowPercent);
  const rows: [string, number][] = [
    ['NODATA_PIXEL_PERCENTAGE', p.noDataPercent],
    ['SATURATED_DEFECTIVE_PIXEL_PERCENTAGE', 0],
    ['CAST_SHADOW_PERCENTAGE', clear * 0.01],
    ['CLOUD_SHADOW_PERCENTAGE', Math.min(clear, cloud * 0.08)],
    ['VEGETATION_PERCENTAGE', clear * 0.55],
    ['NOT_VEGETATED_PERCENTAGE', clear * 0.25],
    ['WATER_PERCENTAGE', clear * 0.15],
    ['UNCLASSIFIED_PERCENTAGE', clear * 0.02],
    ['MEDIUM_PROBA_CLOUDS_PERCENTAGE', cloud * 0.3],
    ['HIGH_PROBA_CLOUDS_PERCENTAGE', cloud * 0.6],
    ['THIN_CIRRUS_PERCENTAGE', cloud * 0.1],
    ['SNOW_ICE_PERCENTAGE', p.snowPercent],
  ];
  return rows.map(([k, v]) => `${indent}<${k}>${fixed(v, 6)}</${k}>`).join('\n');
}

export function tileMetadata(p: Sentinel2Plan, tileId: string, datastripId: string): string {
  const l2a = p.level === 'L2A';
  const ns = `S2_PDI_Level-${l2a ? '2A' : '1C'}_Tile_Metadata`;
  const zone = `${p.tile.zone}${p.tile.north ? 'N' : 'S'}`;
  const geo = [10, 20, 60]
    .map(
      (r) =>
        `      <Geoposition resolution="${r}">\n        <ULX>${p.tile.ulxM}</ULX>\n        <ULY>${p.tile.ulyM}</ULY>\n        <XDIM>${r}</XDIM>\n        <YDIM>-${r}</YDIM>\n      </Geoposition>`,
    )
    .join('\n');
  const sizes = [10, 20, 60]
    .map(
      (r) =>
        `      <Size resolution="${r}">\n        <NROWS>${TILE_SIZE_M / r}</NROWS>\n        <NCOLS>${TILE_SIZE_M / r}</NCOLS>\n      </Size>`,
    )
    .join('\n');
  const l1cTileId = tileId.replace('_L2A_', '_L1C_');
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<n1:Level-${l2a ? '2A' : '1C'}_Tile_ID xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/${ns}.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="https://psd-14.sentinel2.eo.esa.int/PSD/${ns}.xsd">
  <n1:General_Info>${l2a ? `\n    <L1C_TILE_ID metadataLevel="Brief">${l1cTileId}</L1C_TILE_ID>` : ''}
    <TILE_ID metadataLevel="Brief">${tileId}</TILE_ID>
    <DATASTRIP_ID metadataLevel="Standard">${datastripId}</DATASTRIP_ID>
    <DOWNLINK_PRIORITY metadataLevel="Standard">NOMINAL</DOWNLINK_PRIORITY>
    <SENSING_TIME metadataLevel="Standard">${isoUtc(p.tileSensingMs, 6)}</SENSING_TIME>
    <Archiving_Info metadataLevel="Expertise">
      <ARCHIVING_CENTRE>${p.platform.slice(1)}PS</ARCHIVING_CENTRE>
      <ARCHIVING_TIME>${isoUtc(p.generationMs + 1_234_567, 6)}</ARCHIVING_TIME>
    </Archiving_Info>
  </n1:General_Info>
  <n1:Geometric_Info>
    <Tile_Geocoding metadataLevel="Brief">
      <HORIZONTAL_CS_NAME>WGS84 / UTM zone ${zone}</HORIZONTAL_CS_NAME>
      <HORIZONTAL_CS_CODE>EPSG:${p.tile.epsg}</HORIZONTAL_CS_CODE>
${sizes}
${geo}
    </Tile_Geocoding>
    <Tile_Angles metadataLevel="Standard">
      <Mean_Sun_Angle>
        <ZENITH_ANGLE unit="deg">${fixed(p.sun.zenithDeg, 13)}</ZENITH_ANGLE>
        <AZIMUTH_ANGLE unit="deg">${fixed(p.sun.azimuthDeg, 12)}</AZIMUTH_ANGLE>
      </Mean_Sun_Angle>
    </Tile_Angles>
  </n1:Geometric_Info>
  <n1:Quality_Indicators_Info metadataLevel="Standard">
    <Image_Content_QI>
      <CLOUDY_PIXEL_PERCENTAGE>${fixed(p.cloudPercent, 6)}</CLOUDY_PIXEL_PERCENTAGE>
      <DEGRADED_MSI_DATA_PERCENTAGE>0</DEGRADED_MSI_DATA_PERCENTAGE>${l2a ? `\n${contentQi(p, '      ')}` : ''}
    </Image_Content_QI>
  </n1:Quality_Indicators_Info>
</n1:Level-${l2a ? '2A' : '1C'}_Tile_ID>
`;
}

export function manifestSafe(p: Sentinel2Plan, files: ProductFile[]): string {
  const objects = files.map((f) => {
    // IDs as the real manifests give them: IMG_DATA_Band_B02_Tile1_Data (L1C), …_Band_B02_10m_… (L2A), Preview_0_Tile1_Data.
    const band = /_(B\w\w|TCI|SCL|AOT|WVP)(_\d\dm)?\.\w+$/.exec(f.path);
    const id = f.path.startsWith('MTD_')
      ? `S2_Level-${p.level.slice(1)}_Product_Metadata`
      : f.path.endsWith('MTD_TL.xml')
        ? `S2_Level-${p.level.slice(1)}_Tile1_Metadata`
        : f.path.includes('_PVI.')
          ? 'Preview_0_Tile1_Data'
          : `IMG_DATA_Band_${band?.[1] ?? 'X'}${band?.[2] ?? ''}_Tile1_Data`;
    const mime = f.path.endsWith('.xml') ? 'text/xml' : 'application/octet-stream';
    return `    <dataObject ID="${id}">\n      <byteStream mimeType="${mime}" size="${Buffer.byteLength(f.content)}">\n        <fileLocation href="./${f.path}" locatorType="URL"/>\n        <checksum checksumName="MD5">${md5Hex(f.content)}</checksum>\n      </byteStream>\n    </dataObject>`;
  });
  const level = p.level.slice(1);
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<xfdu:XFDU xmlns:gml="http://www.opengis.net/gml" xmlns:safe="http://www.esa.int/safe/sentinel/1.1" xmlns:xfdu="urn:ccsds:schema:xfdu:1" version="esa/safe/sentinel/1.1/sentinel-2/msi/archive_l${level.toLowerCase()}_user_product">
  <informationPackageMap>
    <xfdu:contentUnit dmdID="acquisitionPeriod platform" pdiID="processing" textInfo="SENTINEL-2 MSI Level-${level} User Product" unitType="Product_Level-${level}">
${files.map((_, i) => `      <xfdu:contentUnit ID="Unit${i + 1}" unitType="${i < 2 ? 'Metadata Unit' : 'Measurement Data Unit'}">\n        <dataObjectPointer dataObjectID="${objects[i]?.match(/ID="([^"]+)"/)?.[1] ?? ''}"/>\n      </xfdu:contentUnit>`).join('\n')}
    </xfdu:contentUnit>
  </informationPackageMap>
  <metadataSection>
    <metadataObject ID="acquisitionPeriod" category="DMD" classification="DESCRIPTION">
      <metadataWrap mimeType="text/xml" textInfo="Acquisition Period" vocabularyName="Sentinel-SAFE">
        <xmlData>
          <safe:acquisitionPeriod>
            <safe:startTime>${isoUtc(p.datatakeStartMs, 3)}</safe:startTime>
          </safe:acquisitionPeriod>
        </xmlData>
      </metadataWrap>
    </metadataObject>
    <metadataObject ID="measurementOrbitReference" category="DMD" classification="DESCRIPTION">
      <metadataWrap mimeType="text/xml" textInfo="Orbit Reference" vocabularyName="Sentinel-SAFE">
        <xmlData>
          <safe:orbitReference>
            <safe:orbitNumber groundTrackDirection="descending" type="start">${String(p.orbit).padStart(6, '0')}</safe:orbitNumber>
            <safe:relativeOrbitNumber type="start">${String(p.relativeOrbit).padStart(3, '0')}</safe:relativeOrbitNumber>
          </safe:orbitReference>
        </xmlData>
      </metadataWrap>
    </metadataObject>
    <metadataObject ID="platform" category="DMD" classification="DESCRIPTION">
      <metadataWrap mimeType="text/xml" textInfo="Platform Description" vocabularyName="Sentinel-SAFE">
        <xmlData>
          <safe:platform>
            <safe:nssdcIdentifier>2015-000A</safe:nssdcIdentifier>
            <safe:familyName>SENTINEL</safe:familyName>
            <safe:number>${p.platform.slice(1)}</safe:number>
            <safe:instrument>
              <safe:familyName abbreviation="MSI">Multi-Spectral Instrument</safe:familyName>
            </safe:instrument>
          </safe:platform>
        </xmlData>
      </metadataWrap>
    </metadataObject>
    <metadataObject ID="processing" category="PDI" classification="PROVENANCE">
      <metadataWrap mimeType="text/xml" textInfo="Processing" vocabularyName="Sentinel-SAFE">
        <xmlData>
          <safe:processing name="Generation of Level-${level} User Product" start="${isoUtc(p.generationMs, 6)}">
            <safe:facility name="${p.platform.slice(1)}PS" organisation="ESA">
              <safe:software name="Sentinel-2 IPF" version="${S2_BASELINE}"/>
            </safe:facility>
          </safe:processing>
        </xmlData>
      </metadataWrap>
    </metadataObject>
    <metadataObject ID="measurementFrameSet" category="DMD" classification="DESCRIPTION">
      <metadataWrap mimeType="text/xml" textInfo="Frame Set" vocabularyName="Sentinel-SAFE">
        <xmlData>
          <safe:frameSet>
            <safe:footPrint srsName="http://www.opengis.net/gml/srs/epsg.xml#4326">
              <gml:coordinates>${latLonList(p.coverage, 12)} </gml:coordinates>
            </safe:footPrint>
          </safe:frameSet>
        </xmlData>
      </metadataWrap>
    </metadataObject>
  </metadataSection>
  <dataObjectSection>
${objects.join('\n')}
  </dataObjectSection>
</xfdu:XFDU>
`;
}

/** Quantification and offsets: the N04.00+ layout (L2A BOA list, L1C RADIO_ADD_OFFSET list), one offset per band. */
function radiometry(l2a: boolean): string {
  const bands = Array.from({ length: 13 }, (_, i) => i);
  if (!l2a) {
    return `      <QUANTIFICATION_VALUE unit="none">10000</QUANTIFICATION_VALUE>
      <Radiometric_Offset_List>
${bands.map((i) => `        <RADIO_ADD_OFFSET band_id="${i}">-1000</RADIO_ADD_OFFSET>`).join('\n')}
      </Radiometric_Offset_List>`;
  }
  return `      <QUANTIFICATION_VALUES_LIST>
        <BOA_QUANTIFICATION_VALUE unit="none">10000</BOA_QUANTIFICATION_VALUE>
        <AOT_QUANTIFICATION_VALUE unit="none">1000.0</AOT_QUANTIFICATION_VALUE>
        <WVP_QUANTIFICATION_VALUE unit="cm">1000.0</WVP_QUANTIFICATION_VALUE>
      </QUANTIFICATION_VALUES_LIST>
      <BOA_ADD_OFFSET_VALUES_LIST>
${bands.map((i) => `        <BOA_ADD_OFFSET band_id="${i}">-1000</BOA_ADD_OFFSET>`).join('\n')}
      </BOA_ADD_OFFSET_VALUES_LIST>`;
}

function dayFloor(ms: number): number {
  return Math.floor(ms / 86400_000) * 86400_000;
}

function dayOfYear(ms: number): number {
  const d = new Date(ms);
  return (ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400_000 + 1;
}
