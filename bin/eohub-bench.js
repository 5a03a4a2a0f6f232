#!/usr/bin/env node
// `npm run bench -- <name> [options]`: the benchmarks in bench/, run from their TypeScript sources through
// tsx's loader like bin/eohub.js.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/main.ts');
await main(process.argv.slice(2));
