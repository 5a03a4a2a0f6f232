import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { StacAsset } from '../api.ts';
import { describeChecksum, type TreeFolder, type TreeNode } from '../lib/file-tree.ts';
import { formatBytes, t, type Lang } from '../lib/i18n.ts';

export interface FileTreeProps {
  lang: Lang;
  root: TreeFolder<StacAsset>;
  /** A prefix for element ids, unique on the page (folders point at their lists with aria-controls). */
  idPrefix: string;
  onDownload(asset: StacAsset, fileName: string): void;
}

const fileCount = (lang: Lang, n: number): string => (n === 1 ? t(lang, 'oneFile') : t(lang, 'fileCount', { n }));

/**
 * The files as nested lists with folders that open and close (the WAI-ARIA disclosure pattern: a button with
 * aria-expanded controls its list), which leaves each file's download button an ordinary button in the tab
 * order, as a role="tree" would not. Arrow right and left open and close a folder from its button too.
 */
export function FileTree(props: FileTreeProps): JSX.Element {
  const { lang, root } = props;
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const setOpen = (path: string, open: boolean): void =>
    setClosed((old) => {
      const next = new Set(old);
      if (open) next.delete(path);
      else next.add(path);
      return next;
    });
  const listId = (path: string): string => `${props.idPrefix}-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  const renderNode = (node: TreeNode<StacAsset>): JSX.Element => {
    if (node.kind === 'file') {
      const checksum = describeChecksum(node.file['file:checksum'] ?? '');
      return (
        <li key={node.path} class="file" data-testid="file" data-path={node.path}>
          <span class="name">{node.name}</span>
          <div class="row">
            <span class="meta">{formatBytes(node.sizeBytes)}</span>
            {checksum.digest && (
              <span class="checksum">
                <span class="sr-only">{t(lang, 'checksum')} </span>
                {checksum.algorithm && <span class="algorithm">{checksum.algorithm}</span>}
                <code data-testid="file-checksum">{checksum.digest}</code>
              </span>
            )}
            <button
              type="button"
              data-testid="download-file"
              aria-label={`${t(lang, 'download')} ${node.name}`}
              onClick={() => props.onDownload(node.file, node.name)}
            >
              {t(lang, 'download')}
            </button>
          </div>
        </li>
      );
    }
    const open = !closed.has(node.path);
    return (
      <li key={node.path} class="folder" data-testid="folder" data-path={node.path}>
        <div class="row">
          <button
            type="button"
            class="toggle"
            data-testid="folder-toggle"
            aria-expanded={open}
            aria-controls={listId(node.path)}
            onClick={() => setOpen(node.path, !open)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                e.preventDefault();
                setOpen(node.path, e.key === 'ArrowRight');
              }
            }}
          >
            <span class="chevron" aria-hidden="true" />
            {node.name}
          </button>
          <span class="meta" data-testid="folder-total" data-bytes={node.sizeBytes}>
            {fileCount(lang, node.fileCount)} · {formatBytes(node.sizeBytes)}
          </span>
        </div>
        <ul id={listId(node.path)} hidden={!open}>
          {node.children.map(renderNode)}
        </ul>
      </li>
    );
  };

  return (
    <div class="file-tree" data-testid="files">
      <p class="meta">
        {fileCount(lang, root.fileCount)} · {formatBytes(root.sizeBytes)}
      </p>
      <ul>{root.children.map(renderNode)}</ul>
    </div>
  );
}
