// Writes schema/earshot.schema.json from the zod config schema (run by `npm run build`), so
// editors validate and complete earshot.yaml against exactly what earshot accepts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildConfigJsonSchema } from '../dist/config/json-schema.js';

const out = new URL('../schema/earshot.schema.json', import.meta.url);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(out, JSON.stringify(buildConfigJsonSchema(), null, 2) + '\n');
