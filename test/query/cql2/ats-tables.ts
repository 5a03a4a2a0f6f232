/**
 * Reads the CQL2 Abstract Test Suite's test-data tables (../shared/cql2/ats/annex_ats_<class>.adoc) in
 * place: each row names a data source, a CQL2 text predicate and the number of features it must match;
 * some name the other conformance classes they depend on. The basic-cql2 "logical" table gives p1..p4,
 * put into the combination the ATS prescribes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cql2Node } from '../../../src/query/index.ts';
import { SHARED_DIR } from '../../support/samples.ts';

export interface AtsRow {
  conformanceClass: string;
  layer: string;
  predicate: string;
  expected: number;
  /** Conformance classes the row also needs (its "Dependency" column). */
  dependencies: string[];
}

/** `\<=` and `\((` are AsciiDoc escapes in the tables, not CQL2. */
function unescape(text: string): string {
  return text.replace(/\\([<(])/g, '$1');
}

function classId(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-');
}

const LOGICAL_LAYER = 'ne_110m_populated_places_simple';

export function readAtsRows(conformanceClass: string): AtsRow[] {
  const text = readFileSync(join(SHARED_DIR, 'cql2', 'ats', `annex_ats_${conformanceClass}.adoc`), 'utf8');
  const rows: AtsRow[] = [];
  for (const line of text.split('\n')) {
    const plain = /^\|(ne_110m_\w+) \|`(.*)` \|(\d+)\s*$/.exec(line);
    if (plain) {
      rows.push({
        conformanceClass,
        layer: plain[1] as string,
        predicate: unescape(plain[2] as string),
        expected: Number(plain[3]),
        dependencies: [],
      });
      continue;
    }
    const withDependency = /^\|([^|`]+) \|(ne_110m_\w+) \|`(.*)` \|(\d+)\s*$/.exec(line);
    if (withDependency) {
      const dependency = (withDependency[1] as string).trim();
      rows.push({
        conformanceClass,
        layer: withDependency[2] as string,
        predicate: unescape(withDependency[3] as string),
        expected: Number(withDependency[4]),
        dependencies: dependency === 'n/a' ? [] : dependency.split(',').map(classId),
      });
      continue;
    }
    const logical = /^\|`(.*)` \|`(.*)` \|`(.*)` \|`(.*)` \|(\d+)\s*$/.exec(line);
    if (logical) {
      const [p1, p2, p3, p4] = logical.slice(1, 5).map((p) => unescape(p as string));
      rows.push({
        conformanceClass,
        layer: LOGICAL_LAYER,
        predicate: `(NOT (${p2}) AND ${p1}) OR (${p3} and ${p4}) or not (${p1} OR ${p4})`,
        expected: Number(logical[5]),
        dependencies: [],
      });
    }
  }
  return rows;
}

/** The CQL2 JSON document of an AST: the AST keeps the JSON encoding's shapes, so this is a plain walk. */
export function astToJson(n: Cql2Node): unknown {
  switch (n.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return n.value;
    case 'property':
      return { property: n.name };
    case 'date':
      return { date: n.value };
    case 'timestamp':
      return { timestamp: n.value };
    case 'interval':
      return { interval: [astToJson(n.start), astToJson(n.end)] };
    case 'bbox':
      return { bbox: n.bbox };
    case 'geometry':
      return n.geometry;
    case 'array':
      return n.items.map(astToJson);
    case 'op':
      return { op: n.op, args: n.args.map(astToJson) };
  }
}
