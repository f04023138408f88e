/**
 * zod and yaml, for everything in earshot that validates or reads YAML. One module, so that the
 * build bundles the two into one file (scripts/bundle-libs.js): loading their ~170 separate
 * module files was most of the start-up of every command that reads earshot.yaml.
 */
export { z } from 'zod';
export { LineCounter, parse, parseDocument, stringify, type Document } from 'yaml';
