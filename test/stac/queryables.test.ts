import { beforeAll, describe, expect, it } from 'vitest';
import { scopeFor, type AccessScope, type CollectionAccess } from '../../src/access/index.ts';
import { ANONYMOUS, type Actor } from '../../src/auth/index.ts';
import { createCollection, insertProduct } from '../../src/catalog/index.ts';
import { createStacService, stacUrls } from '../../src/stac/index.ts';
import { visibleAttributeTypes } from '../../src/stac/queryables.ts';
import { buildProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';

const urls = stacUrls('https://hub.example.org');
const SPY: Actor = { kind: 'user', id: '00000000-0000-4000-8000-000000000001', username: 'spy', roles: ['registered'], groups: ['security'] };
const policies: CollectionAccess[] = [{ collection: 'Q-SECRET', policy: 'restricted', allow: ['security'] }];

/** Scopes as access/ makes them: Q-SECRET restricted to the group `security`. */
const scopes = async (actor: Actor): Promise<AccessScope> =>
  scopeFor(actor, policies, 'public', actor.view === undefined ? null : { name: actor.view, collections: ['Q-OPEN'] });

const propertiesOf = (schema: Record<string, unknown>): string[] => Object.keys(schema['properties'] as object);

describe('visibleAttributeTypes', () => {
  it('keeps the type of the first visible collection in name order and skips hidden ones', () => {
    const scope = scopeFor(ANONYMOUS, [{ collection: 'A', policy: 'restricted', allow: [] }], 'public');
    const types = visibleAttributeTypes(
      [
        { collection: 'A', name: 'gain', valueType: 'Double' },
        { collection: 'A', name: 'secret', valueType: 'String' },
        { collection: 'B', name: 'gain', valueType: 'Integer' },
        { collection: 'C', name: 'gain', valueType: 'String' },
      ],
      scope,
    );
    expect(types).toEqual({ gain: 'Integer' });
  });
});

withDb('STAC queryables within the access scope', (ctx) => {
  const stac = () => createStacService(ctx.db, { transactions: false, statsTtlMs: 60_000 }, scopes);

  beforeAll(async () => {
    for (const name of ['Q-OPEN', 'Q-SECRET']) await createCollection(ctx.db, { name, title: name, storagePrefix: name });
    await insertProduct(ctx.db, buildProduct({ collection: 'Q-OPEN', attributes: { openGain: { type: 'Double', value: 1 } } }));
    await insertProduct(ctx.db, buildProduct({ collection: 'Q-SECRET', attributes: { secretGain: { type: 'Double', value: 2 } } }));
  });

  it('lists at /queryables no attribute of a restricted collection to a caller it is hidden from', async () => {
    const names = propertiesOf(await stac().queryables(ANONYMOUS, urls, undefined));
    expect(names).toContain('openGain');
    expect(names).not.toContain('secretGain');
  });

  it('lists them to a caller the collection is open to', async () => {
    expect(propertiesOf(await stac().queryables(SPY, urls, undefined))).toContain('secretGain');
  });

  it("lists only the attributes of a portal view's collections to a caller inside the view", async () => {
    const names = propertiesOf(await stac().queryables({ ...SPY, view: 'open' }, urls, undefined));
    expect(names).toContain('openGain');
    expect(names).not.toContain('secretGain');
  });

  it('answers a hidden collection\'s queryables as a collection that does not exist', async () => {
    await expect(stac().queryables(ANONYMOUS, urls, 'Q-SECRET')).rejects.toMatchObject({ code: 'COLLECTION_NOT_FOUND' });
    expect(propertiesOf(await stac().queryables(SPY, urls, 'Q-SECRET'))).toContain('secretGain');
  });

  it('refuses a search filter on a hidden attribute as unknown, as /queryables does not name it', async () => {
    const service = stac();
    const search = (actor: Actor) => service.search(actor, urls, { limit: 10, filter: 'secretGain > 1' });
    await expect(search(ANONYMOUS)).rejects.toMatchObject({ code: 'FILTER_UNKNOWN_PROPERTY' });
    expect((await search(SPY)).items).toHaveLength(1);
    await expect(search({ ...SPY, view: 'open' })).rejects.toMatchObject({ code: 'FILTER_UNKNOWN_PROPERTY' });
  });
});
