#!/usr/bin/env node
// eohub runs its TypeScript sources directly through tsx's loader: no build step between a checkout
// and a running hub.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
