/** One batch of bulk registration: its lines parsed and checked against each other, and database errors placed on lines. */
import { sqlState } from '../db/index.ts';
import { isHubError } from '../errors/index.ts';
import { BULK_ERRORS } from './bulk-errors.ts';
import { parseBulkRecord, type BulkFormat, type BulkProduct, type FormatContext } from './bulk-formats.ts';
import { AttributeTypeConflict, type AttributeTypeRow } from './bulk-write.ts';

export interface BulkLineError {
  line: number | undefined;
  code: string;
  message: string;
}

/** Records parsed between two turns of the event loop (parseBatch says why). */
const YIELD_EVERY = 20;

export interface Line {
  line: number;
  text: string;
}

export interface ParsedBatch {
  index: number;
  lines: readonly Line[];
  products: BulkProduct[];
  lineOf: Map<string, number>;
  newTypes: AttributeTypeRow[];
  errors: BulkLineError[];
}

export async function parseBatch(
  format: BulkFormat,
  lines: readonly Line[],
  index: number,
  ctx: FormatContext,
  knownTypes: ReadonlyMap<string, string>,
): Promise<ParsedBatch> {
  const batch: ParsedBatch = { index, lines, products: [], lineOf: new Map(), newTypes: [], errors: [] };
  const batchTypes = new Map<string, { type: string; line: number }>();
  for (const [i, { line, text }] of lines.entries()) {
    // Parsing awaits only promises that are already settled, which never lets the event loop run: the
    // batch being written would wait for its next round trip until this one is parsed. A turn of the loop
    // every few records keeps the database busy meanwhile.
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    let p: BulkProduct;
    try {
      p = await parseBulkRecord(format, text, ctx);
    } catch (error) {
      if (!isHubError(error)) throw error;
      batch.errors.push({ line, code: error.code, message: error.message });
      continue;
    }
    const other = batch.lineOf.get(p.name) ?? batch.lineOf.get(p.id);
    if (other !== undefined) {
      batch.errors.push({ line, code: 'PRODUCT_EXISTS', message: `product ${p.name} (${p.id}) repeats line ${other}` });
      continue;
    }
    for (const [name, a] of Object.entries(p.attributes)) {
      const key = `${p.collection}\u0000${name}`;
      const known = knownTypes.get(key) ?? batchTypes.get(key)?.type;
      if (known !== undefined && known !== a.type) {
        const where = batchTypes.has(key) ? ` (line ${batchTypes.get(key)?.line})` : '';
        batch.errors.push({
          line,
          code: 'ATTRIBUTE_TYPE_CONFLICT',
          message: `attribute ${name} of ${p.collection} is ${known}${where}, this record gives a ${a.type}`,
        });
      } else if (known === undefined) {
        batchTypes.set(key, { type: a.type, line });
        batch.newTypes.push({ collection: p.collection, name, value_type: a.type });
      }
    }
    batch.lineOf.set(p.name, line);
    batch.lineOf.set(p.id, line);
    batch.products.push(p);
  }
  // Concurrent batches insert the attribute types they bring in one order, so that they wait on each other
  // instead of deadlocking.
  batch.newTypes.sort((a, b) => (a.collection + '\u0000' + a.name < b.collection + '\u0000' + b.name ? -1 : 1));
  return batch;
}

/** What the database refused, on the line it concerns when the error names it. */
export function databaseError(error: unknown, batch: ParsedBatch): BulkLineError {
  if (error instanceof AttributeTypeConflict) {
    return { line: undefined, code: 'ATTRIBUTE_TYPE_CONFLICT', message: error.message };
  }
  const state = sqlState(error);
  const detail = String((error as { detail?: unknown }).detail ?? '');
  if (state === '23505') {
    // "Key (name)=(S2A_...) already exists."
    const value = /^Key \((?:name|id)\)=\((.*)\) already exists\.?$/.exec(detail)?.[1];
    const product = value === undefined ? undefined : batch.products.find((p) => p.name === value || p.id === value);
    return {
      line: product && batch.lineOf.get(product.name),
      code: 'PRODUCT_EXISTS',
      message: product
        ? `product ${product.name} (${product.id}) is already in the catalogue`
        : `a product of the batch is already in the catalogue`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: undefined, code: BULK_ERRORS.BATCH_FAILED, message: `${message} (SQLSTATE ${state ?? 'unknown'})` };
}
