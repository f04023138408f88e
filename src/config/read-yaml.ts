import { createRequire } from 'node:module';
import { ConfigError } from '../errors.js';
import { getScalarValue, loadYaml, parseEvents } from './libs.js';

type YamlLib = typeof import('yaml');
type Locate = (path: readonly PropertyKey[]) => string;

/** A config file's YAML as plain data, and where in the file a path into it lies. */
export interface ReadYaml {
  data: unknown;
  /** `label:LINE: brands[1].aliases[0]`: the line of the nearest node the path reaches. */
  locate: Locate;
}

/** Deeper than this, a file is refused: nothing in a config nests past a few levels. */
const MAX_DEPTH = 100;

/** Uses of anchors, counted as `yaml` counts them (nested aliases multiply): enough for any config, not for a "billion laughs". */
const MAX_ALIAS_COUNT = 10_000;

/**
 * Reads YAML with js-yaml, which parses earshot.yaml in a fifth of the time `yaml` takes (a
 * hundred brands: ~60 → ~12 ms on a first run); the lines of problems come from the same parse.
 * `yaml` keeps what it does better, loaded only when it is needed: anchors and aliases (js-yaml
 * is told to refuse them, so that nested aliases never reach the validator; `yaml` expands them
 * under a limit), and the messages for a file js-yaml cannot read.
 */
export function readYaml(source: string, label: string): ReadYaml {
  // A %YAML 1.1 directive changes what `yes` and 0777 mean, and only `yaml` honours it.
  if (/^%/m.test(source)) return readWithYaml(source, label);
  let data: unknown;
  try {
    data = loadYaml(source, { maxAliases: 0, maxDepth: MAX_DEPTH });
  } catch (err) {
    const message = (err as Error).message ?? '';
    // `yaml` would recurse through it and run out of stack.
    if (message.startsWith('nesting exceeded maxDepth')) throw new ConfigError([`${label}:${lineOfMark(err)}: nested deeper than ${MAX_DEPTH} levels`]);
    return readWithYaml(source, label);
  }
  let located: Locate | undefined;
  return { data, locate: (path) => (located ??= eventLocator(source, label))(path) };
}

/** The 1-based line js-yaml's error points at. */
function lineOfMark(err: unknown): number {
  return ((err as { mark?: { line?: number } }).mark?.line ?? 0) + 1;
}

/** A file js-yaml would not read: `yaml`'s data, or every problem in `yaml`'s words, with lines. */
function readWithYaml(text: string, label: string): ReadYaml {
  const { LineCounter, parseDocument } = yamlLib();
  // `yaml` ends lines at \n only; a lone \r (old Mac files) ends one too, and keeps every offset.
  const source = text.replace(/\r(?!\n)/g, '\n');
  const lines = new LineCounter();
  try {
    const doc = parseDocument(source, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    // An unknown tag (`!foo bar`) is only a warning to `yaml`, which then reads the text as it is.
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) {
      throw new ConfigError(
        problems.map((e) => {
          const line = e.linePos?.[0]?.line;
          return `${label}${line ? `:${line}` : ''}: ${describeYamlError(e.code, e.message)}`;
        }),
      );
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      // toJS throws (a ReferenceError) for an alias to an anchor never set and for an alias bomb:
      // a config problem, not an internal error.
      throw new ConfigError([describeAliasError(err as Error, source, label)]);
    }
    // `&x [a, *x]`: a list that holds itself, which nothing could walk to its end.
    if (holdsItself(data)) throw new ConfigError([`${label}: an alias stands inside the anchor it names (such as &x [a, *x]): write the values out`]);
    return { data, locate: (path) => locateInDocument(label, doc, lines, path) };
  } catch (err) {
    if (err instanceof RangeError) throw new ConfigError([`${label}: nested too deeply to read`]);
    throw err;
  }
}

function holdsItself(value: unknown, path = new Set<unknown>()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (path.has(value)) return true;
  path.add(value);
  const found = Object.values(value).some((v) => holdsItself(v, path));
  path.delete(value);
  return found;
}

/** `yaml`'s message, first line, where it speaks to a programmer in terms of its own API. */
function describeYamlError(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'a second YAML document (after "---"): earshot reads one; remove it or merge the two';
  if (code === 'TAG_RESOLVE_FAILED') return `${message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')} (earshot reads no custom tags)`;
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}

function describeAliasError(err: Error, source: string, label: string): string {
  const unresolved = /^Unresolved alias.*: (.+)$/.exec(err.message);
  if (unresolved) {
    const at = source.indexOf(`*${unresolved[1]}`);
    const line = at === -1 ? '' : `:${lineStarts(source).findLastIndex((start) => start <= at) + 1}`;
    return `${label}${line}: *${unresolved[1]} names no anchor set before it (&${unresolved[1]})`;
  }
  if (/Excessive alias count/.test(err.message)) return `${label}: anchors used too often (over ${MAX_ALIAS_COUNT.toLocaleString('en-US')} times, counting aliases inside aliases): write the values out`;
  return `${label}: ${err.message}`;
}

interface Frame {
  kind: 'document' | 'sequence' | 'mapping';
  path: (string | number)[];
  index: number;
  /** In a mapping, the key whose value comes next; undefined while a key is awaited. */
  key?: string;
  keyAt: number;
}

const SCALAR = 4;
const LITERAL = 4;
const FOLDED = 5;
const ALIAS = 5;
const POP = 6;
const DOCUMENT = 1;

/**
 * Where each path's value starts, from js-yaml's events: the lines of problems come from the
 * parse that produced the data, so a file only js-yaml reads (old Mac line ends) is located as read.
 */
function eventLocator(source: string, label: string): Locate {
  const starts = new Map<string, number>();
  const stack: Frame[] = [];
  // The furthest offset read so far: an empty list item (`-` alone) has no offset of its own.
  let furthest = 0;
  for (const e of parseEvents(source, { maxDepth: MAX_DEPTH })) {
    if (e.type === POP) {
      stack.pop();
      if (stack.length === 0) break;
      continue;
    }
    if (e.type === DOCUMENT) {
      stack.push({ kind: 'document', path: [], index: 0, keyAt: 0 });
      continue;
    }
    const parent = stack.at(-1)!;
    let at = e.type === SCALAR || e.type === ALIAS ? ('valueStart' in e ? e.valueStart : e.anchorStart) : e.start;
    // A block scalar's text starts on the line after its `|` or `>`, which is where it is written.
    if (e.type === SCALAR && (e.style === LITERAL || e.style === FOLDED) && at > 0) at = Math.max(source.lastIndexOf('|', at - 1), source.lastIndexOf('>', at - 1));
    if (at < 0 && parent.kind === 'sequence') at = source.indexOf('-', furthest);
    if (e.type === SCALAR && e.valueEnd > furthest) furthest = e.valueEnd;
    else if (at > furthest) furthest = at + 1;
    let path: (string | number)[] | undefined;
    if (parent.kind === 'sequence') {
      path = [...parent.path, parent.index++];
    } else if (parent.kind === 'document') {
      path = [];
    } else if (parent.key === undefined) {
      // A key: its value comes next. A key that is a mapping or a list names nothing earshot reads.
      parent.key = e.type === SCALAR ? keyOf(source, e) : '\u0000';
      parent.keyAt = at;
    } else {
      path = [...parent.path, parent.key];
      parent.key = undefined;
    }
    if (path) {
      const id = JSON.stringify(path);
      if (!starts.has(id)) starts.set(id, at >= 0 ? at : parent.keyAt);
    }
    if (e.type !== SCALAR && e.type !== ALIAS) stack.push({ kind: e.type === 2 ? 'sequence' : 'mapping', path: path ?? ['\u0000'], index: 0, keyAt: at });
  }
  const lines = lineStarts(source);
  return (path) => {
    const keys = path.filter((k): k is string | number => typeof k !== 'symbol');
    let line: number | undefined;
    for (let n = keys.length; n >= 0 && line === undefined; n--) {
      const at = starts.get(JSON.stringify(keys.slice(0, n)));
      if (at !== undefined) line = lines.findLastIndex((start) => start <= at) + 1;
    }
    return formatLocation(label, line, keys);
  };
}

/** A key as the data holds it: a plain empty or null key reads as "null", as js-yaml reads it. */
function keyOf(source: string, e: Parameters<typeof getScalarValue>[1]): string {
  const value = getScalarValue(source, e);
  return e.style === 1 && /^(?:~|null|Null|NULL|)$/.test(value) ? 'null' : value;
}

/** Offsets where lines start; a line ends at \n, \r\n or a lone \r, as YAML reads them. */
function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function locateInDocument(label: string, doc: import('yaml').Document, lines: import('yaml').LineCounter, path: readonly PropertyKey[]): string {
  const keys = path.filter((k): k is string | number => typeof k !== 'symbol');
  let line: number | undefined;
  for (let n = keys.length; n >= 0 && line === undefined; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) line = lines.linePos(node.range[0]).line;
  }
  return formatLocation(label, line, keys);
}

function formatLocation(label: string, line: number | undefined, keys: readonly (string | number)[]): string {
  const field = keys.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '');
  return `${label}${line ? `:${line}` : ''}${field ? `: ${field}` : ''}`;
}

let yaml: YamlLib | undefined;

/** `yaml`, loaded on first use (~30 ms): most runs read a valid file and never need it. */
export function yamlLib(): YamlLib {
  return (yaml ??= createRequire(import.meta.url)('yaml') as YamlLib);
}
