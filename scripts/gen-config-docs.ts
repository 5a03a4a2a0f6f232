// Writes docs/configuration.md from the configuration schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigReference } from '../src/config/index.ts';

writeFileSync(join(import.meta.dirname, '..', 'docs', 'configuration.md'), renderConfigReference());
