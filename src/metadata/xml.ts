import { XMLParser } from 'fast-xml-parser';
import { HubError } from '../errors/index.ts';
import { METADATA_ERRORS } from './errors.ts';

/** Metadata files are small; anything larger is not metadata and is refused before parsing. */
const MAX_XML_BYTES = 64 * 1024 * 1024;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Entities are never expanded: products have no use for DTDs, and expansion is how XML bombs work.
  processEntities: false,
  isArray: () => false,
});

/**
 * Parses a metadata XML document safely. Documents with a DOCTYPE that declares entities or refers to
 * external resources are refused outright (billion laughs, XXE), as are oversized ones.
 * Namespace prefixes are removed and attributes appear as `@name`.
 */
export function parseXml(buffer: Buffer | string, what: string): Record<string, unknown> {
  const text = typeof buffer === 'string' ? buffer : buffer.toString('utf8');
  if (text.length > MAX_XML_BYTES) {
    throw new HubError(METADATA_ERRORS.UNSAFE_XML, 'invalid', `${what} is larger than ${MAX_XML_BYTES} bytes`);
  }
  const doctype = /<!DOCTYPE[\s\S]*?(\[[\s\S]*?\])?\s*>/i.exec(text);
  if (doctype && /<!ENTITY|SYSTEM|PUBLIC/i.test(doctype[0])) {
    throw new HubError(METADATA_ERRORS.UNSAFE_XML, 'invalid', `${what} declares entities or external resources (DOCTYPE), refused`);
  }
  try {
    return parser.parse(text, true) as Record<string, unknown>;
  } catch (cause) {
    throw new HubError(METADATA_ERRORS.MALFORMED, 'invalid', `${what} is not well-formed XML: ${(cause as Error).message}`, { cause });
  }
}

/** Walks a parsed document by element names; arrays are searched depth-first. */
export function xmlFind(node: unknown, name: string): unknown[] {
  const found: unknown[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
    } else if (n !== null && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (k === name) {
          if (Array.isArray(v)) found.push(...v);
          else found.push(v);
        }
        visit(v);
      }
    }
  };
  visit(node);
  return found;
}

/** Text content of an element as parsed (a string, or the `#text` of an element with attributes). */
export function xmlText(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (typeof node === 'number') return String(node);
  if (node !== null && typeof node === 'object' && '#text' in node) {
    const t = (node as Record<string, unknown>)['#text'];
    return t === undefined ? undefined : String(t);
  }
  return undefined;
}

/** Text of the first element with that name anywhere below `node`. */
export function xmlFirstText(node: unknown, name: string): string | undefined {
  for (const n of xmlFind(node, name)) {
    const t = xmlText(n);
    if (t !== undefined && t !== '') return t;
  }
  return undefined;
}
