import { createRequire } from 'node:module';
import { ConfigError } from '../errors.js';
import { loadYaml } from './libs.js';

type YamlLib = typeof import('yaml');

/** A config file's YAML as plain data, and where in the file a path into it lies. */
export interface ReadYaml {
  data: unknown;
  /** `label:LINE: brands[1].aliases[0]`: the line of the nearest node the path reaches. */
  locate(path: readonly PropertyKey[]): string;
}

/**
 * Reads YAML with js-yaml, which parses earshot.yaml in a fifth of the time `yaml` takes (a
 * hundred brands: ~60 → ~12 ms on a first run). `yaml` keeps what it does better, loaded only
 * when it is needed: the line of a problem, the messages for a file that does not parse, and
 * anchors and aliases, which js-yaml is told to refuse so that a file of nested aliases (a
 * "billion laughs") never reaches the validator; `yaml` expands them under its alias limit.
 */
export function readYaml(source: string, label: string): ReadYaml {
  let data: unknown;
  try {
    data = loadYaml(source, { maxAliases: 0 });
  } catch {
    return readWithPositions(source, label);
  }
  let located: ((path: readonly PropertyKey[]) => string) | undefined;
  return {
    data,
    locate: (path) => (located ??= locatorOf(source, label))(path),
  };
}

/** Every problem of a file that js-yaml would not read, in `yaml`'s words, with their lines. */
function readWithPositions(source: string, label: string): ReadYaml {
  const { LineCounter, parseDocument } = yamlLib();
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const line = e.linePos?.[0]?.line;
        const msg = e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
        return `${label}${line ? `:${line}` : ''}: ${msg}`;
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // toJS throws (a ReferenceError) for an alias to an anchor never set and for an alias bomb
    // ("Excessive alias count"): a config problem, not an internal error.
    throw new ConfigError([`${label}: ${(err as Error).message}`]);
  }
  return { data, locate: (path) => locateIn(label, doc, lines, path) };
}

/** Finds paths in a file that parses: for a problem or advice, after the data was read. */
export function locatorOf(source: string, label: string): (path: readonly PropertyKey[]) => string {
  const { LineCounter, parseDocument } = yamlLib();
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  return (path) => locateIn(label, doc, lines, path);
}

function locateIn(label: string, doc: import('yaml').Document, lines: import('yaml').LineCounter, path: readonly PropertyKey[]): string {
  const keys = path.filter((k): k is string | number => typeof k !== 'symbol');
  let line: number | undefined;
  for (let n = keys.length; n >= 0 && line === undefined; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) line = lines.linePos(node.range[0]).line;
  }
  const field = keys.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '');
  return `${label}${line ? `:${line}` : ''}${field ? `: ${field}` : ''}`;
}

let yaml: YamlLib | undefined;

/** `yaml`, loaded on first use (~30 ms): most runs read a valid file and never need it. */
export function yamlLib(): YamlLib {
  return (yaml ??= createRequire(import.meta.url)('yaml') as YamlLib);
}
