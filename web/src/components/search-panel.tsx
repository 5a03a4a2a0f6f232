import type { JSX } from 'preact';
import { useRef } from 'preact/hooks';
import type { StacCollection } from '../api.ts';
import { parseAoiFile } from '../lib/aoi-file.ts';
import type { Lang, MessageKey } from '../lib/i18n.ts';
import { t } from '../lib/i18n.ts';
import type { SearchState, SortKey } from '../lib/search-state.ts';

export interface SearchPanelProps {
  lang: Lang;
  state: SearchState;
  collections: StacCollection[];
  drawing: 'rectangle' | 'polygon' | null;
  onChange(patch: Partial<SearchState>): void;
  onDraw(kind: 'rectangle' | 'polygon'): void;
  onUseView(): void;
  onError(message: string): void;
}

/** Product types a collection summarises (`product:type`), for the type selector. */
function productTypes(collections: StacCollection[], selected: string[]): string[] {
  const chosen = selected.length > 0 ? collections.filter((c) => selected.includes(c.id)) : collections;
  const types = chosen.flatMap((c) => {
    const summary = c.summaries?.['product:type'];
    return Array.isArray(summary) ? summary.filter((v): v is string => typeof v === 'string') : [];
  });
  return [...new Set(types)].sort();
}

export function SearchPanel(props: SearchPanelProps): JSX.Element {
  const { lang, state, onChange } = props;
  const tr = (key: MessageKey, values?: Record<string, string | number>): string => t(lang, key, values);
  const fileInput = useRef<HTMLInputElement>(null);
  const onFile = async (event: Event): Promise<void> => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0]; // the handler is on an <input type=file>
    if (!file) return;
    try {
      onChange({ aoi: parseAoiFile(await file.text()) });
    } catch (error) {
      props.onError(error instanceof Error ? error.message : String(error));
    }
  };
  const value = (e: Event): string => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value; // form controls only
  return (
    <form class="search-panel" role="search" onSubmit={(e) => e.preventDefault()}>
      <fieldset>
        <legend>{tr('area')}</legend>
        <div class="buttons">
          <button
            type="button"
            data-testid="draw-rectangle"
            aria-pressed={props.drawing === 'rectangle'}
            onClick={() => props.onDraw('rectangle')}
          >
            {tr('drawRectangle')}
          </button>
          <button
            type="button"
            data-testid="draw-polygon"
            aria-pressed={props.drawing === 'polygon'}
            onClick={() => props.onDraw('polygon')}
          >
            {tr('drawPolygon')}
          </button>
          <button type="button" data-testid="use-view" onClick={props.onUseView}>
            {tr('useView')}
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
            {tr('upload')}
          </button>
          {state.aoi && (
            <button type="button" data-testid="clear-aoi" onClick={() => onChange({ aoi: null })}>
              {tr('clearArea')}
            </button>
          )}
        </div>
        <input ref={fileInput} type="file" accept=".geojson,.json,.kml" hidden data-testid="aoi-file" onChange={(e) => void onFile(e)} />
        {props.drawing && <p class="hint">{tr(props.drawing === 'rectangle' ? 'rectHint' : 'drawHint')}</p>}
      </fieldset>
      <div class="row">
        <label>
          {tr('from')}
          <input type="date" data-testid="from" value={state.from} onChange={(e) => onChange({ from: value(e) })} />
        </label>
        <label>
          {tr('to')}
          <input type="date" data-testid="to" value={state.to} onChange={(e) => onChange({ to: value(e) })} />
        </label>
      </div>
      <label>
        {tr('collection')}
        <select
          data-testid="collection"
          value={state.collections[0] ?? ''}
          onChange={(e) => onChange({ collections: value(e) ? [value(e)] : [], productType: '' })}
        >
          <option value="">{tr('allCollections')}</option>
          {props.collections.map((c) => (
            // `selected` too: the options arrive after the value (a shared URL), and the select must show it.
            <option key={c.id} value={c.id} selected={state.collections[0] === c.id}>
              {c.title ?? c.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tr('productType')}
        <select data-testid="product-type" value={state.productType} onChange={(e) => onChange({ productType: value(e) })}>
          <option value="">{tr('anyType')}</option>
          {productTypes(props.collections, state.collections).map((type) => (
            <option key={type} value={type} selected={state.productType === type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tr('maxCloud')}: <output>{state.maxCloud}%</output>
        <input
          type="range"
          min={0}
          max={100}
          step={5}
          data-testid="cloud"
          value={state.maxCloud}
          onChange={(e) => onChange({ maxCloud: Number(value(e)) })}
        />
      </label>
      <div class="row">
        <label>
          {tr('orbitDirection')}
          <select
            data-testid="orbit"
            value={state.orbitDirection}
            onChange={(e) => onChange({ orbitDirection: value(e) as SearchState['orbitDirection'] })} // the options are exactly the type's values
          >
            <option value="">{tr('any')}</option>
            <option value="ascending">{tr('ascending')}</option>
            <option value="descending">{tr('descending')}</option>
          </select>
        </label>
        <label>
          {tr('relativeOrbit')}
          <input
            type="number"
            min={1}
            max={1000}
            data-testid="relative-orbit"
            value={state.relativeOrbit ?? ''}
            onChange={(e) => onChange({ relativeOrbit: /^\d+$/.test(value(e)) ? Number(value(e)) : null })}
          />
        </label>
      </div>
      <label>
        {tr('text')}
        <input type="search" data-testid="text" value={state.text} onChange={(e) => onChange({ text: value(e).trim() })} />
      </label>
      <div class="row">
        <label>
          {tr('sortBy')}
          <select
            data-testid="sort"
            value={state.sortBy}
            onChange={(e) => onChange({ sortBy: value(e) as SortKey /* the options are the SortKeys */ })}
          >
            <option value="datetime">{tr('sortDate')}</option>
            <option value="eo:cloud_cover">{tr('sortCloud')}</option>
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={state.sortDesc}
            onChange={(e) => onChange({ sortDesc: (e.currentTarget as HTMLInputElement) /* this checkbox */.checked })}
          />
          {tr('newestFirst')}
        </label>
      </div>
    </form>
  );
}
