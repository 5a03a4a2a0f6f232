import { HubError } from '../errors/index.ts';
import { STORAGE_ERRORS } from './errors.ts';

/** Object keys are '/'-separated relative paths with no empty, '.' or '..' segments. */
export function checkKey(key: string): string {
  const parts = key.split('/');
  if (
    key === '' ||
    key.includes('\\') ||
    key.includes('\0') ||
    parts.some((p) => p === '' || p === '.' || p === '..') ||
    parts[0]?.startsWith('.') // '.incoming' and the like are the store's own
  ) {
    throw new HubError(STORAGE_ERRORS.INVALID_KEY, 'invalid', `invalid storage key ${JSON.stringify(key)}`);
  }
  return key;
}

export function joinKey(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}
