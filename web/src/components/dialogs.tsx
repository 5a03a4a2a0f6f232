import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { buildDownloadScript, buildMetalink, metalinkHash, type BasketEntry } from '../lib/basket.ts';
import { t, type Lang } from '../lib/i18n.ts';

/** A modal <dialog>: focus moves into it, Escape closes it (the browser's own behaviour). */
function Modal(props: { label: string; onClose(): void; children: JSX.Element | JSX.Element[] }): JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} aria-label={props.label} onClose={props.onClose}>
      {props.children}
    </dialog>
  );
}

export function LoginDialog(props: {
  lang: Lang;
  reason: string | null;
  onLogin(user: string, password: string): Promise<void>;
  onClose(): void;
}): JSX.Element {
  const { lang } = props;
  const [failed, setFailed] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement); // the handler is the form's
    try {
      await props.onLogin(String(form.get('username') ?? ''), String(form.get('password') ?? ''));
    } catch {
      setFailed(true);
    }
  };
  return (
    <Modal label={t(lang, 'login')} onClose={props.onClose}>
      <form class="login" data-testid="login-dialog" onSubmit={(e) => void submit(e)}>
        <h2>{t(lang, 'login')}</h2>
        {props.reason && <p>{props.reason}</p>}
        <label>
          {t(lang, 'username')}
          <input name="username" autocomplete="username" required data-testid="login-username" />
        </label>
        <label>
          {t(lang, 'password')}
          <input name="password" type="password" autocomplete="current-password" required data-testid="login-password" />
        </label>
        {failed && (
          <p class="error" role="alert">
            {t(lang, 'loginFailed')}
          </p>
        )}
        <div class="buttons">
          <button type="submit" class="primary" data-testid="login-submit">
            {t(lang, 'login')}
          </button>
          <button type="button" onClick={props.onClose}>
            {t(lang, 'close')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export interface BasketItem {
  id: string;
  url: string;
  sizeBytes?: number;
  checksum?: string;
}

export function BasketDialog(props: {
  lang: Lang;
  items: BasketItem[];
  tokenUrl: string;
  username: string;
  onSave(text: string, fileName: string, type: string): void;
  onClear(): void;
  onClose(): void;
}): JSX.Element {
  const { lang, items } = props;
  const entries: BasketEntry[] = items.map((i) => ({
    name: i.id,
    url: i.url,
    sizeBytes: i.sizeBytes,
    hashes: i.checksum ? metalinkHash(i.checksum) : {},
  }));
  return (
    <Modal label={t(lang, 'basket')} onClose={props.onClose}>
      <div class="basket" data-testid="basket-dialog">
        <h2>{t(lang, 'basket')}</h2>
        {items.length === 0 ? (
          <p>{t(lang, 'basketEmpty')}</p>
        ) : (
          <ul>
            {items.map((i) => (
              <li key={i.id}>{i.id}</li>
            ))}
          </ul>
        )}
        <div class="buttons">
          <button
            type="button"
            disabled={items.length === 0}
            data-testid="basket-script"
            onClick={() =>
              props.onSave(buildDownloadScript(entries, props.tokenUrl, props.username), 'eohub-download.sh', 'text/x-shellscript')
            }
          >
            {t(lang, 'script')}
          </button>
          <button
            type="button"
            disabled={items.length === 0}
            data-testid="basket-metalink"
            onClick={() => props.onSave(buildMetalink(entries), 'eohub-basket.meta4', 'application/metalink4+xml')}
          >
            {t(lang, 'metalink')}
          </button>
          <button type="button" disabled={items.length === 0} onClick={props.onClear}>
            {t(lang, 'clearBasket')}
          </button>
          <button type="button" onClick={props.onClose}>
            {t(lang, 'close')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
