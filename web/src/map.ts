/**
 * The map (MapLibre GL JS, loaded lazily after the search panel): an offline base map of country borders
 * from world-atlas (a hashed asset of the portal itself, rendered as vector layers with no labels, so no
 * glyphs or fonts are ever fetched), an optional raster base layer from the configuration, the results'
 * footprints with hover/selection highlight, the area of interest and its drawing tools, and a product's
 * quicklook laid on its footprint's corners (lib/quicklook-corners.ts).
 */
import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import bordersUrl from 'world-atlas/countries-110m.json?url';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { PortalConfig, StacItem } from './api.ts';
import { geometryForMap, type Geometry } from './lib/antimeridian.ts';
import { rectanglePolygon } from './lib/aoi-file.ts';
import { quicklookPlacement } from './lib/quicklook-corners.ts';
import type { PolygonWgs84 } from './lib/search-state.ts';

maplibregl.setWorkerUrl(workerUrl);

export interface MapCallbacks {
  onHover(id: string | null): void;
  onSelect(id: string): void;
  onAoiDrawn(aoi: PolygonWgs84): void;
}

export interface PortalMap {
  setResults(items: readonly StacItem[]): void;
  setHighlight(id: string | null): void;
  setAoi(aoi: PolygonWgs84 | null): void;
  startDrawing(kind: 'rectangle' | 'polygon'): void;
  viewPolygon(): PolygonWgs84;
  showQuicklook(url: string | null, item: StacItem | null): void;
  /** Names the map and its zoom buttons for screen readers and tooltips, in the portal's language. */
  setLabels(labels: { map: string; zoomIn: string; zoomOut: string }): void;
  /** Footprints drawn (for tests and the bench). */
  footprintCount(): number;
  /** The URL of the quicklook laid over a footprint, if any. */
  quicklook(): string | null;
  /** Where that quicklook's top-left, top-right, bottom-right and bottom-left corners are, as [lon, lat]. */
  quicklookCorners(): number[][] | null;
  /** The id of the highlighted footprint, if any. */
  highlighted(): string | null;
  /** Where a WGS84 position is on the page, in CSS pixels (for tests that point at a footprint). */
  pagePoint(lng: number, lat: number): { x: number; y: number };
}

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const ACCENT = '#0b63ce';

function baseStyle(config: PortalConfig): maplibregl.StyleSpecification {
  const style: maplibregl.StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'ocean', type: 'background', paint: { 'background-color': '#dfe9f3' } }],
  };
  if (config.baseLayer) {
    style.sources['base'] = { type: 'raster', tiles: [config.baseLayer.url], tileSize: 256, attribution: config.baseLayer.attribution };
    style.layers.push({ id: 'base', type: 'raster', source: 'base' });
  }
  return style;
}

async function addBorders(map: maplibregl.Map, hasBaseLayer: boolean): Promise<void> {
  // world-atlas's countries file is a TopoJSON topology (its README).
  const topology = (await (await fetch(bordersUrl)).json()) as Topology;
  const countries = topology.objects['countries'];
  if (!countries) return;
  const land = feature(topology, countries) as GeoJSON.FeatureCollection; // a GeometryCollection object gives a FeatureCollection
  // world-atlas keeps Russia's and Fiji's rings across ±180; split them as footprints are, or they span the globe.
  for (const f of land.features) {
    if (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') f.geometry = geometryForMap(f.geometry);
  }
  map.addSource('countries', { type: 'geojson', data: land });
  if (!hasBaseLayer) map.addLayer({ id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': '#f4f1ea' } }, 'footprints-fill');
  map.addLayer(
    { id: 'borders', type: 'line', source: 'countries', paint: { 'line-color': '#8a8f98', 'line-width': 0.6 } },
    'footprints-fill',
  );
}

function addOverlayLayers(map: maplibregl.Map): void {
  map.addSource('footprints', { type: 'geojson', data: EMPTY, promoteId: 'id' });
  map.addSource('aoi', { type: 'geojson', data: EMPTY });
  map.addSource('draft', { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: 'footprints-fill',
    type: 'fill',
    source: 'footprints',
    paint: { 'fill-color': ACCENT, 'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.35, 0.08] },
  });
  map.addLayer({
    id: 'footprints-line',
    type: 'line',
    source: 'footprints',
    paint: {
      'line-color': ['case', ['boolean', ['feature-state', 'hover'], false], '#d9480f', ACCENT],
      'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 3, 1.2],
    },
  });
  map.addLayer({
    id: 'aoi-line',
    type: 'line',
    source: 'aoi',
    paint: { 'line-color': '#2b8a3e', 'line-width': 2, 'line-dasharray': [2, 1] },
  });
  map.addLayer({ id: 'draft-line', type: 'line', source: 'draft', paint: { 'line-color': '#2b8a3e', 'line-width': 2 } });
}

export async function createPortalMap(container: HTMLElement, config: PortalConfig, callbacks: MapCallbacks): Promise<PortalMap> {
  const map = new maplibregl.Map({
    container,
    style: baseStyle(config),
    center: [10, 48],
    zoom: 2.6,
    attributionControl: false,
    doubleClickZoom: false,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  if (config.baseLayer) map.addControl(new maplibregl.AttributionControl({ compact: true }));
  await new Promise<void>((resolve) => map.once('load', () => resolve()));
  addOverlayLayers(map);
  void addBorders(map, config.baseLayer !== null);

  let hovered: string | null = null;
  let drawn = 0;
  const setHighlight = (id: string | null): void => {
    if (hovered !== null) map.setFeatureState({ source: 'footprints', id: hovered }, { hover: false });
    hovered = id;
    if (id !== null) map.setFeatureState({ source: 'footprints', id }, { hover: true });
  };
  map.on('mousemove', 'footprints-fill', (e) => {
    const id = e.features?.[0]?.id;
    if (typeof id === 'string' && id !== hovered) {
      setHighlight(id);
      callbacks.onHover(id);
    }
  });
  map.on('mouseleave', 'footprints-fill', () => {
    setHighlight(null);
    callbacks.onHover(null);
  });
  map.on('click', 'footprints-fill', (e) => {
    const id = e.features?.[0]?.id;
    if (typeof id === 'string' && drawing === null) callbacks.onSelect(id);
  });

  // Drawing: a rectangle from two clicks, a polygon from clicks ended by a double-click.
  let drawing: 'rectangle' | 'polygon' | null = null;
  let points: number[][] = [];
  const showDraft = (extra?: number[]): void => {
    const line = extra ? [...points, extra] : points;
    const coordinates = drawing === 'rectangle' && line.length === 2 ? (rectOf(line)[0] ?? []) : line;
    map.getSource<GeoJSONSource>('draft')?.setData({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } });
  };
  const rectOf = (pts: number[][]): PolygonWgs84 => {
    const [a = [0, 0], b = [0, 0]] = pts;
    return rectanglePolygon(
      Math.min(a[0] ?? 0, b[0] ?? 0),
      Math.min(a[1] ?? 0, b[1] ?? 0),
      Math.max(a[0] ?? 0, b[0] ?? 0),
      Math.max(a[1] ?? 0, b[1] ?? 0),
    );
  };
  const finish = (aoi: PolygonWgs84): void => {
    drawing = null;
    points = [];
    map.getCanvas().style.cursor = '';
    map.getSource<GeoJSONSource>('draft')?.setData(EMPTY);
    callbacks.onAoiDrawn(aoi);
  };
  map.on('click', (e: MapMouseEvent) => {
    if (drawing === null) return;
    points.push([e.lngLat.lng, e.lngLat.lat]);
    if (drawing === 'rectangle' && points.length === 2) finish(rectOf(points));
    else showDraft();
  });
  map.on('mousemove', (e: MapMouseEvent) => {
    if (drawing !== null && points.length > 0) showDraft([e.lngLat.lng, e.lngLat.lat]);
  });
  map.on('dblclick', () => {
    if (drawing !== 'polygon') return;
    // The double-click's two clicks each added the same point; a polygon needs three distinct corners.
    const corners = points.filter((p, i) => i === 0 || p[0] !== points[i - 1]?.[0] || p[1] !== points[i - 1]?.[1]);
    if (corners.length >= 3) finish([[...corners, [...(corners[0] ?? [])]]]);
  });

  return {
    setResults(items) {
      setHighlight(null);
      const features: GeoJSON.Feature[] = items
        .filter((item): item is StacItem & { geometry: Geometry } => item.geometry !== null)
        .map((item) => ({
          type: 'Feature',
          id: item.id,
          properties: { id: item.id },
          geometry: geometryForMap(item.geometry),
        }));
      drawn = features.length;
      map.getSource<GeoJSONSource>('footprints')?.setData({ type: 'FeatureCollection', features });
    },
    setHighlight,
    setAoi(aoi) {
      const data: GeoJSON.FeatureCollection | GeoJSON.Feature = aoi
        ? { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: aoi } }
        : EMPTY;
      map.getSource<GeoJSONSource>('aoi')?.setData(data);
    },
    startDrawing(kind) {
      drawing = kind;
      points = [];
      map.getCanvas().style.cursor = 'crosshair';
    },
    viewPolygon() {
      const b = map.getBounds();
      return rectanglePolygon(
        Math.max(-180, b.getWest()),
        Math.max(-90, b.getSouth()),
        Math.min(180, b.getEast()),
        Math.min(90, b.getNorth()),
      );
    },
    showQuicklook(url, item) {
      if (map.getLayer('quicklook')) map.removeLayer('quicklook');
      if (map.getSource('quicklook')) map.removeSource('quicklook');
      const placement = item ? quicklookPlacement(item) : null;
      if (!url || !placement) return;
      map.addSource('quicklook', { type: 'image', url, coordinates: placement.corners });
      const lons = placement.corners.map(([lon]) => lon);
      const lats = placement.corners.map(([, lat]) => lat);
      // Bring the product into view beside the product panel, which covers the map's right side.
      const panel = container.clientWidth >= 720 ? 440 : 0;
      map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], {
        padding: { top: 40, bottom: 40, left: 40, right: panel + 40 },
        maxZoom: 6,
        duration: 0,
      });
      map.addLayer({ id: 'quicklook', type: 'raster', source: 'quicklook', paint: { 'raster-opacity': 0.9 } }, 'footprints-fill');
    },
    setLabels(labels) {
      // MapLibre takes its UI strings once, at construction (its `locale` option); the language changes later.
      map.getCanvas().setAttribute('aria-label', labels.map);
      for (const [selector, label] of [
        ['.maplibregl-ctrl-zoom-in', labels.zoomIn],
        ['.maplibregl-ctrl-zoom-out', labels.zoomOut],
      ] as const) {
        const button = container.querySelector(selector);
        button?.setAttribute('title', label);
        button?.setAttribute('aria-label', label);
      }
    },
    footprintCount: () => drawn,
    highlighted: () => hovered,
    quicklook: () => (map.getLayer('quicklook') ? (map.getSource<maplibregl.ImageSource>('quicklook')?.url ?? null) : null),
    quicklookCorners: () => (map.getLayer('quicklook') ? (map.getSource<maplibregl.ImageSource>('quicklook')?.coordinates ?? null) : null),
    pagePoint(lng, lat) {
      const p = map.project([lng, lat]);
      const box = container.getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
  };
}
