import { describe, expect, it } from 'vitest';
import { parseODataOrderBy } from '../../../src/query/index.ts';

function codeOf(text: string): string {
  try {
    parseODataOrderBy(text);
  } catch (error) {
    return (error as { code: string }).code; // HubError
  }
  return 'no error';
}

describe('OData $orderby (CDSE §1.3)', () => {
  it('maps the documented keys, ascending by default', () => {
    expect(parseODataOrderBy('ContentDate/Start')).toEqual([{ key: 'sensingStart', direction: 'asc' }]);
    expect(parseODataOrderBy('ContentDate/End desc, PublicationDate asc,ModificationDate DESC ,Name')).toEqual([
      { key: 'sensingEnd', direction: 'desc' },
      { key: 'publicationDate', direction: 'asc' },
      { key: 'modificationDate', direction: 'desc' },
      { key: 'name', direction: 'asc' },
    ]);
  });

  it('refuses unknown keys and malformed terms', () => {
    expect(codeOf('Footprint')).toBe('ODATA_UNKNOWN_PROPERTY');
    expect(codeOf('Name sideways')).toBe('ODATA_SYNTAX');
    expect(codeOf('Name,')).toBe('ODATA_SYNTAX');
    expect(codeOf('Name,'.repeat(20) + 'Name')).toBe('ODATA_TOO_COMPLEX');
  });
});
