import { describe, expect, it } from 'vitest';
import {
  ACCESS_ERRORS,
  checkDownload,
  effectivePolicy,
  INTERNAL_SEES_EVERYTHING,
  maySee,
  scopeFor,
  type CollectionAccess,
} from '../../src/access/index.ts';
import { ANONYMOUS, type Actor } from '../../src/auth/index.ts';

const user = (roles: string[], groups: string[] = []): Actor => ({
  kind: 'user',
  id: '00000000-0000-4000-8000-000000000001',
  username: 'u',
  roles: ['registered', ...roles],
  groups,
});

const COLLECTIONS: CollectionAccess[] = [
  { collection: 'OPEN', policy: 'public', allow: [] },
  { collection: 'DEFAULT', policy: null, allow: [] },
  { collection: 'SECURITY', policy: 'restricted', allow: ['institutional', 'esa-security'] },
  { collection: 'NOBODY', policy: 'restricted', allow: [] },
];

describe('access policies', () => {
  it('applies the default to a collection without a policy of its own', () => {
    expect(effectivePolicy({ policy: null }, 'registered')).toBe('registered');
    expect(effectivePolicy({ policy: null }, 'public')).toBe('public');
    expect(effectivePolicy({ policy: 'restricted' }, 'public')).toBe('restricted');
  });

  it('lets everyone see public and registered collections', () => {
    for (const actor of [ANONYMOUS, user([])]) {
      expect(maySee(actor, COLLECTIONS[0] as CollectionAccess, 'registered')).toBe(true);
      expect(maySee(actor, COLLECTIONS[1] as CollectionAccess, 'registered')).toBe(true);
    }
  });

  it('shows a restricted collection to an allowed role, an allowed group or an admin, and to nobody else', () => {
    const security = COLLECTIONS[2] as CollectionAccess;
    expect(maySee(ANONYMOUS, security, 'registered')).toBe(false);
    expect(maySee(user([]), security, 'registered')).toBe(false);
    expect(maySee(user(['institutional']), security, 'registered')).toBe(true);
    expect(maySee(user([], ['esa-security']), security, 'registered')).toBe(true);
    expect(maySee(user([], ['other-group']), security, 'registered')).toBe(false);
    expect(maySee(user(['admin']), COLLECTIONS[3] as CollectionAccess, 'registered')).toBe(true);
  });

  it('hides exactly the restricted collections the actor is not allowed into in its scope', () => {
    expect(scopeFor(ANONYMOUS, COLLECTIONS, 'registered').hiddenCollections).toEqual(['SECURITY', 'NOBODY']);
    expect(scopeFor(user(['institutional']), COLLECTIONS, 'registered').hiddenCollections).toEqual(['NOBODY']);
    expect(scopeFor(user(['admin']), COLLECTIONS, 'registered').hiddenCollections).toEqual([]);
    expect(INTERNAL_SEES_EVERYTHING.hiddenCollections).toEqual([]);
  });

  it('asks anonymous callers to sign in for downloads that are not public', () => {
    const anonymous = scopeFor(ANONYMOUS, COLLECTIONS, 'registered');
    expect(() => checkDownload(anonymous, 'OPEN')).not.toThrow();
    expect(() => checkDownload(anonymous, 'DEFAULT')).toThrow(
      expect.objectContaining({ code: ACCESS_ERRORS.DOWNLOAD_NEEDS_LOGIN, kind: 'unauthenticated' }),
    );
    // A collection created after the policies were read follows the default.
    expect(() => checkDownload(anonymous, 'CREATED-SINCE')).toThrow(expect.objectContaining({ code: ACCESS_ERRORS.DOWNLOAD_NEEDS_LOGIN }));
    expect(() => checkDownload(scopeFor(ANONYMOUS, COLLECTIONS, 'public'), 'DEFAULT')).not.toThrow();
  });

  it('lets signed-in users and internal callers download what they see', () => {
    expect(() => checkDownload(scopeFor(user([]), COLLECTIONS, 'registered'), 'DEFAULT')).not.toThrow();
    expect(() => checkDownload(INTERNAL_SEES_EVERYTHING, 'SECURITY')).not.toThrow();
  });
});
