import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  downloadFile,
  fetchCollections,
  fetchItem,
  logIn,
  LoginRequiredError,
  orderProduct,
  saveBlob,
  searchItems,
  tokenUrl,
  type PortalConfig,
  type ProductOrder,
  type StacCollection,
  type StacItem,
} from './api.ts';
import { CataloguePage } from './components/catalogue-page.tsx';
import { thumbnailOf } from './lib/thumbnail.ts';
import { BasketDialog, LoginDialog, type BasketItem } from './components/dialogs.tsx';
import { ProductPanel } from './components/product-panel.tsx';
import { ResultsList, type ResultsView } from './components/results-list.tsx';
import { SearchPanel } from './components/search-panel.tsx';
import { TopBar } from './components/top-bar.tsx';
import { buildStacSearch } from './lib/cql2.ts';
import { isLang, pickLang, t, type Lang } from './lib/i18n.ts';
import { decodeSearchState, encodeSearchState, type SearchState } from './lib/search-state.ts';
import type { PortalMap } from './map.ts';
import { currentToken, useSession, useStoredBasket } from './session.ts';

const PAGE_SIZE = 20;

/** The fields that change which products a search finds (anything else keeps the page). */
const SEARCH_FIELDS: (keyof SearchState)[] = [
  'aoi',
  'from',
  'to',
  'collections',
  'productType',
  'maxCloud',
  'orbitDirection',
  'relativeOrbit',
  'text',
  'sortBy',
  'sortDesc',
];

export function App({ config }: { config: Promise<PortalConfig> }): JSX.Element {
  const [state, setState] = useState<SearchState>(() => decodeSearchState(location.search));
  const lang: Lang = isLang(state.lang) ? state.lang : pickLang(navigator.languages);
  const [collections, setCollections] = useState<StacCollection[]>([]);
  const [results, setResults] = useState<ResultsView>({ status: 'idle' });
  const [hovered, setHovered] = useState<string | null>(null);
  const [openItem, setOpenItem] = useState<StacItem | null>(null);
  const [drawing, setDrawing] = useState<'rectangle' | 'polygon' | null>(null);
  const [notice, setNotice] = useState<string>('');
  const [login, setLogin] = useState<{ reason: string | null; retry: (() => void) | null } | null>(null);
  const [basketOpen, setBasketOpen] = useState(false);
  const session = useSession();
  const basket = useStoredBasket();
  const mapRef = useRef<PortalMap | null>(null);
  const mapBox = useRef<HTMLDivElement>(null);
  const [mapReady, setMapReady] = useState(false);
  const [tokenEndpoint, setTokenEndpoint] = useState('');
  useEffect(() => {
    config.then(
      (c) => setTokenEndpoint(tokenUrl(c)),
      (e: unknown) => setNotice(t(lang, 'error', { message: String(e) })),
    );
  }, []);

  const update = (patch: Partial<SearchState>, push = true): void => {
    setState((old) => {
      const resetsPage = SEARCH_FIELDS.some((k) => k in patch);
      const next = { ...old, ...(resetsPage ? { page: 1, token: '' } : {}), ...patch };
      const url = `${location.pathname}${encodeSearchState(next) ? `?${encodeSearchState(next)}` : ''}`;
      if (push) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
      return next;
    });
  };

  useEffect(() => {
    const onPop = (): void => setState(decodeSearchState(location.search));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t(lang, 'title');
  }, [lang]);
  // The collections (extents and counts are aggregates) are asked for once the first results are in, so
  // that on the embedded single-connection database they never queue in front of the first search.
  const [firstAnswer, setFirstAnswer] = useState(false);
  useEffect(() => {
    if (results.status === 'done' || results.status === 'error' || state.view === 'catalogue') setFirstAnswer(true);
  }, [results, state.view]);
  useEffect(() => {
    if (firstAnswer && collections.length === 0) fetchCollections().then(setCollections, (e: unknown) => setNotice(String(e)));
  }, [firstAnswer]);

  // The search: every change of its fields (and of the page) asks the STAC API again, cancelling the last.
  const searchKey = JSON.stringify(buildStacSearch(state, PAGE_SIZE));
  useEffect(() => {
    if (state.view !== 'search') return;
    const abort = new AbortController();
    setResults({ status: 'loading' });
    // The key is the search body itself, serialised so that the effect runs only when the body changes.
    searchItems(JSON.parse(searchKey) as ReturnType<typeof buildStacSearch>, abort.signal).then(
      (page) => setResults({ status: 'done', ...page }),
      (error: unknown) => {
        if (!abort.signal.aborted) setResults({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [searchKey, state.view]);

  // The map (MapLibre, most of the portal's bytes) loads once the first results are shown: the list and the
  // search panel are usable while it arrives.
  useEffect(() => {
    if (!firstAnswer || mapRef.current) return;
    let cancelled = false;
    void Promise.all([import('./map.ts'), config]).then(async ([{ createPortalMap }, portalConfig]) => {
      if (cancelled || !mapBox.current) return;
      mapRef.current = await createPortalMap(mapBox.current, portalConfig, {
        onHover: setHovered,
        onSelect: (id) => {
          const item = itemsRef.current.find((i) => i.id === id);
          if (item) update({ open: { collection: item.collection, id: item.id } });
        },
        onAoiDrawn: (aoi) => {
          setDrawing(null);
          update({ aoi });
        },
      });
      // A handle for the end-to-end tests and the bench to ask the map what it shows.
      Object.assign(window, { eohubPortalMap: mapRef.current });
      setMapReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, [firstAnswer]);
  const items = useMemo(() => (results.status === 'done' ? results.items : []), [results]);
  const itemsRef = useRef<StacItem[]>([]);
  itemsRef.current = items;
  useEffect(() => mapRef.current?.setResults(items), [items, mapReady]);
  useEffect(() => mapRef.current?.setAoi(state.aoi), [state.aoi, mapReady]);
  useEffect(() => mapRef.current?.setHighlight(hovered), [hovered, mapReady]);
  useEffect(
    () => mapRef.current?.setLabels({ map: t(lang, 'map'), zoomIn: t(lang, 'zoomIn'), zoomOut: t(lang, 'zoomOut') }),
    [lang, mapReady],
  );

  // The product panel follows the URL's `open`, from the results when they hold it, else from the API.
  useEffect(() => {
    const open = state.open;
    if (!open) return setOpenItem(null);
    const known = items.find((i) => i.id === open.id);
    if (known) return setOpenItem(known);
    fetchItem(open.collection, open.id).then(setOpenItem, (e: unknown) => setNotice(String(e)));
  }, [state.open?.id, results]);
  useEffect(() => {
    mapRef.current?.showQuicklook(openItem ? thumbnailOf(openItem) : null, openItem);
  }, [openItem, mapReady]);

  const download = (url: string, fileName: string): void => {
    downloadFile(url, fileName, currentToken()).then(
      () => setNotice(t(lang, 'downloaded', { name: fileName })),
      (error: unknown) => {
        if (error instanceof LoginRequiredError) setLogin({ reason: t(lang, 'loginNeeded'), retry: () => download(url, fileName) });
        else setNotice(t(lang, 'error', { message: error instanceof Error ? error.message : String(error) }));
      },
    );
  };
  // Settles once the order is placed or refused; when a login is needed first, after the retry that follows it.
  const order = (odataId: string): Promise<ProductOrder | null> =>
    new Promise((resolve) => {
      const attempt = (): void => {
        orderProduct(odataId, currentToken()).then(
          (placed) => {
            setNotice(t(lang, 'ordered', { status: placed.Status }));
            resolve(placed);
          },
          (error: unknown) => {
            if (error instanceof LoginRequiredError) return setLogin({ reason: t(lang, 'loginToOrder'), retry: attempt });
            setNotice(t(lang, 'error', { message: error instanceof Error ? error.message : String(error) }));
            resolve(null);
          },
        );
      };
      attempt();
    });
  const basketIds = useMemo(() => new Set(basket.items.map((i) => i.id)), [basket.items]);
  const toggleBasket = (item: StacItem): void => {
    const pkg = item.assets['product'];
    if (basketIds.has(item.id)) basket.remove(item.id);
    else if (pkg) {
      const entry: BasketItem = { id: item.id, url: pkg.href };
      if (pkg['file:size'] !== undefined) entry.sizeBytes = pkg['file:size'];
      if (pkg['file:checksum'] !== undefined) entry.checksum = pkg['file:checksum'];
      basket.add(entry);
    }
  };

  return (
    <div class="app">
      <TopBar
        lang={lang}
        view={state.view}
        basketCount={basket.items.length}
        username={session.username}
        onView={(view) => update({ view })}
        onShare={() => void navigator.clipboard?.writeText(location.href).then(() => setNotice(t(lang, 'copied')))}
        onBasket={() => setBasketOpen(true)}
        onLogin={() => setLogin({ reason: null, retry: null })}
        onLogout={session.clear}
        onLang={(code) => update({ lang: code }, false)}
      />
      <p class="notice" role="status" aria-live="polite" data-testid="notice">
        {notice}
      </p>
      {state.view === 'catalogue' && (
        <CataloguePage
          lang={lang}
          collections={collections}
          onOpen={(id) => update({ view: 'search', collections: [id], productType: '' })}
        />
      )}
      {/* Hidden, not unmounted, on the catalogue page: the map keeps its WebGL context and position. */}
      <main class="search-view" hidden={state.view !== 'search'}>
        <div class="side">
          <SearchPanel
            lang={lang}
            state={state}
            collections={collections}
            drawing={drawing}
            onChange={(patch) => update(patch)}
            onDraw={(kind) => {
              setDrawing(kind);
              mapRef.current?.startDrawing(kind);
            }}
            onUseView={() => mapRef.current && update({ aoi: mapRef.current.viewPolygon() })}
            onError={(message) => setNotice(t(lang, 'error', { message }))}
          />
          <ResultsList
            lang={lang}
            view={results}
            page={state.page}
            hovered={hovered}
            basket={basketIds}
            onHover={setHovered}
            onOpen={(item) => update({ open: { collection: item.collection, id: item.id } })}
            onPage={(token, page) => update({ token, page })}
            onToggleBasket={toggleBasket}
          />
        </div>
        <div class="map" ref={mapBox} data-testid="map" data-ready={mapReady} />
        {openItem && (
          <ProductPanel
            lang={lang}
            item={openItem}
            onClose={() => update({ open: null })}
            onDownload={download}
            onOrder={order}
            onQuicklook={(url) => mapRef.current?.showQuicklook(url, openItem)}
          />
        )}
      </main>
      {login && (
        <LoginDialog
          lang={lang}
          reason={login.reason}
          onClose={() => setLogin(null)}
          onLogin={async (user, password) => {
            session.set(user, await logIn(await config, user, password));
            const retry = login.retry;
            setLogin(null);
            retry?.();
          }}
        />
      )}
      {basketOpen && (
        <BasketDialog
          lang={lang}
          items={basket.items}
          tokenUrl={tokenEndpoint}
          username={session.username ?? ''}
          onSave={(text, name, type) => saveBlob(new Blob([text], { type }), name)}
          onClear={basket.clear}
          onClose={() => setBasketOpen(false)}
        />
      )}
    </div>
  );
}
