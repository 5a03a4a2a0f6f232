import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { fetchODataProduct, odataIdOf, type ProductOrder, type StacAsset, type StacItem } from '../api.ts';
import { formatBytes, t, type Lang } from '../lib/i18n.ts';
import { buildFileTree, type TreeFolder } from '../lib/file-tree.ts';
import { thumbnailOf } from '../lib/thumbnail.ts';
import { FileTree } from './file-tree.tsx';

export interface ProductPanelProps {
  lang: Lang;
  item: StacItem;
  onClose(): void;
  onDownload(url: string, fileName: string): void;
  /** Orders the offline product (asks for a login first when needed); resolves with the placed order. */
  onOrder(odataId: string): Promise<ProductOrder | null>;
  onQuicklook(url: string | null): void;
}

function CopyLink({ label, url, lang }: { label: string; url: string; lang: Lang }): JSX.Element {
  const [copied, setCopied] = useState(false);
  return (
    <li>
      <span>{label}</span>
      <code>{url}</code>
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(url).then(() => setCopied(true));
        }}
      >
        {t(lang, copied ? 'copied' : 'copy')}
      </button>
    </li>
  );
}

/** The item's files (every product file is an asset titled with its path; `product` is the whole package). */
function fileTreeOf(item: StacItem): TreeFolder<StacAsset> {
  return buildFileTree(
    Object.entries(item.assets)
      .filter(([key]) => key !== 'product')
      .map(([key, a]) => ({ path: a.title ?? key, sizeBytes: a['file:size'] ?? 0, file: a })),
  );
}

export function ProductPanel(props: ProductPanelProps): JSX.Element {
  const { lang, item } = props;
  const [odata, setOdata] = useState<{ Online?: boolean; S3Path?: string } | null>(null);
  const [order, setOrder] = useState<ProductOrder | null>(null);
  const odataId = odataIdOf(item);
  useEffect(() => {
    setOdata(null);
    setOrder(null);
    if (odataId) void fetchODataProduct(odataId).then(setOdata, () => setOdata(null));
  }, [odataId]);
  const pkg = item.assets['product'];
  const quicklook = thumbnailOf(item);
  const stacUrl = item.links.find((l) => l.rel === 'self')?.href ?? '';
  const online = odata?.Online !== false;
  return (
    <aside class="product-panel" aria-label={item.id} data-testid="product-panel">
      <header>
        <h2>{item.id}</h2>
        <button type="button" class="close" aria-label={t(lang, 'close')} onClick={props.onClose}>
          ×
        </button>
      </header>
      <p>
        <span class={`badge ${online ? 'online' : 'offline'}`} data-testid="online-state">
          {t(lang, online ? 'online' : 'offline')}
        </span>
        {!online && odataId && !order && (
          <button type="button" data-testid="order-product" onClick={() => void props.onOrder(odataId).then(setOrder)}>
            {t(lang, 'order')}
          </button>
        )}
        {order && (
          <span class="badge" data-testid="order-state" data-status={order.Status}>
            {t(lang, 'ordered', { status: order.Status })}
          </span>
        )}
        {pkg && online && (
          <button type="button" class="primary" data-testid="download-product" onClick={() => props.onDownload(pkg.href, `${item.id}.zip`)}>
            {t(lang, 'downloadProduct')} ({formatBytes(pkg['file:size'] ?? 0)})
          </button>
        )}
        {quicklook && (
          <button type="button" data-testid="show-quicklook" onClick={() => props.onQuicklook(quicklook)}>
            {t(lang, 'quicklook')}
          </button>
        )}
      </p>
      <h3>{t(lang, 'links')}</h3>
      <ul class="links">
        <CopyLink label="STAC" url={stacUrl} lang={lang} />
        {odataId && <CopyLink label="OData" url={`${location.origin}/odata/v1/Products(${odataId})`} lang={lang} />}
        {odata?.S3Path && <CopyLink label="S3" url={`s3:/${odata.S3Path}`} lang={lang} />}
      </ul>
      <h3>{t(lang, 'attributes')}</h3>
      <table class="attributes" data-testid="attributes">
        <tbody>
          {Object.entries(item.properties).map(([key, v]) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t(lang, 'files')}</h3>
      <FileTree
        lang={lang}
        root={fileTreeOf(item)}
        idPrefix="product-files"
        onDownload={(asset, name) => props.onDownload(asset.href, name)}
      />
    </aside>
  );
}
