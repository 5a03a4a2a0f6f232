import { describe, expect, it } from 'vitest';
import { formatBytes, LANGUAGES, pickLang, t } from '../../../web/src/lib/i18n.ts';

describe('the portal strings', () => {
  it('are translated into French and German, with placeholders filled in', () => {
    expect(t('en', 'resultCount', { n: 3 })).toBe('3 products');
    expect(t('fr', 'resultCount', { n: 3 })).toBe('3 produits');
    expect(t('de', 'resultCount', { n: 3 })).toBe('3 Produkte');
  });

  it('pick the first preferred language the portal speaks, else English', () => {
    expect(pickLang(['it-IT', 'de-CH', 'fr'])).toBe('de');
    expect(pickLang(['pt-BR'])).toBe('en');
    expect(Object.keys(LANGUAGES)).toEqual(['en', 'fr', 'de']);
  });

  it('show sizes in SI units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(222_312)).toBe('222 kB');
  });
});
