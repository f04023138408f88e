import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

/**
 * Every value in SQL goes through a `?` or `@name` parameter. Text interpolated into SQL is
 * allowed only where listed here, with the reason it cannot carry user input. A new `${…}` in a
 * SQL template fails this test until it is parameterised or justified here.
 */
const JUSTIFIED: Record<string, string> = {
  // Placeholders only: one "?" per item, the items themselves are bound as parameters.
  "f.brands.map(() => \"?\").join(\",\")": 'placeholders',
  "f.brands.map(() => '?').join(',')": 'placeholders',
  "f.sentiments.map(() => '?').join(',')": 'placeholders',
  "f.sources.map(() => '?').join(',')": 'placeholders',
  // Constant SQL fragments chosen in code.
  SELECT: 'a constant column list',
  URGENT: 'a constant WHERE clause (notifications.ts)',
  orphaned: 'a constant WHERE clause, the receivers bound (notifications.ts)',
  "where.length ? ` WHERE ${where.join(' AND ')}` : ''": 'WHERE clauses from the literals above, values bound',
  "where.join(' AND ')": 'WHERE clauses from the literals above, values bound',
  order: 'one of two constant ORDER BY lists',
  'f.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(f.limit))}` : \'\'': 'an integer',
  'Math.max(0, Math.floor(f.limit))': 'an integer',
  'v + 1': 'a loop counter (migration number)',
  MAX_INTEGRITY_ROWS: 'a numeric constant',
  table: 'a name from the constant COUNTED_TABLES list',
  COUNT_FIELDS: 'a constant column list (query-report.ts)',
  POST_COLUMNS: 'a constant column list (rematch.ts)',
  "reportable('m')": 'a constant WHERE clause for a constant table alias',
  answered: 'a constant WHERE clause, values bound',
  'period.sql': 'one of two constant WHERE clauses (with or without the brand list), values bound',
  which: "'id > ?' or 'id = ?', by its type (mention-totals.ts)",
  'SCANS[order]': 'one of three constant index choices (query-top-authors.ts)',
  days: 'one of two constant day conditions, the day bound (query-report.ts)',
  codes: 'an integer: how many channels the period has (query-answered.ts)',
  channelCode: 'a CASE of bound channel names, each mapped to its loop index',
  "channels.map((_, i) => `WHEN ? THEN ${i}`).join(' ')": 'placeholders, each mapped to its loop index',
  "channels.map(() => '?').join(', ')": 'placeholders',
};

const SQL_WORDS = /\b(SELECT|INSERT|UPDATE|DELETE|WHERE|ORDER BY|LIMIT|PRAGMA|FROM|JOIN|VALUES|user_version)\b/i;

/** Template literals in TypeScript source, with their static text and `${…}` expressions, nested ones too. */
function templates(source: string): { text: string; expressions: string[] }[] {
  const found: { text: string; expressions: string[] }[] = [];
  let i = 0;
  const skipString = (quote: string) => {
    for (i++; i < source.length && source[i] !== quote; i++) if (source[i] === '\\') i++;
    i++;
  };
  const readTemplate = (): void => {
    const entry = { text: '', expressions: [] as string[] };
    found.push(entry);
    for (i++; i < source.length && source[i] !== '`'; ) {
      if (source[i] === '\\') {
        entry.text += source.slice(i, i + 2);
        i += 2;
      } else if (source.startsWith('${', i)) {
        const start = (i += 2);
        for (let depth = 1; i < source.length; ) {
          const c = source[i]!;
          if (c === '`') readTemplate();
          else if (c === "'" || c === '"') skipString(c);
          else {
            if (c === '{') depth++;
            if (c === '}' && --depth === 0) break;
            i++;
          }
        }
        entry.expressions.push(source.slice(start, i).trim());
        i++;
      } else entry.text += source[i++];
    }
    i++;
  };
  while (i < source.length) {
    const c = source[i]!;
    if (source.startsWith('//', i)) i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
    else if (source.startsWith('/*', i)) i = source.indexOf('*/', i) + 2;
    else if (c === "'" || c === '"') skipString(c);
    else if (c === '`') readTemplate();
    else i++;
  }
  return found;
}

/** Files that talk to SQLite. */
function sqlFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (path.endsWith('.ts') && /\.(prepare|pragma)\(|db\.exec\(/.test(readFileSync(path, 'utf8'))) out.push(path);
    }
  };
  walk(join(ROOT, 'src'));
  return out;
}

describe('SQL is parameterised', () => {
  it('finds the SQL files and the templates in them', () => {
    const files = sqlFiles().map((f) => relative(ROOT, f));
    expect(files).toEqual(expect.arrayContaining(['src/store/save-scan.ts', 'src/store/query-mentions.ts', 'src/store/open-db.ts']));
    const inQuery = templates(readFileSync(join(ROOT, 'src/store/query-mentions.ts'), 'utf8'));
    expect(inQuery.some((t) => t.expressions.includes('order'))).toBe(true);
  });

  it('interpolates nothing into SQL that is not listed, with a reason, above', () => {
    const unjustified: string[] = [];
    for (const file of sqlFiles()) {
      for (const t of templates(readFileSync(file, 'utf8'))) {
        if (!SQL_WORDS.test(t.text)) continue;
        for (const e of t.expressions) if (!(e in JUSTIFIED)) unjustified.push(`${relative(ROOT, file)}: \${${e}} in \`${t.text.trim().slice(0, 80)}\``);
      }
    }
    expect(unjustified).toEqual([]);
  });

  it('passes SQL to prepare/exec only as literals or the reviewed variables', () => {
    const calls: string[] = [];
    for (const file of sqlFiles()) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:db|copy|source|holder)\.(prepare|exec)\(\s*([^'"`\s][^)\n]*)/g)) {
        calls.push(`${relative(ROOT, file)}: ${m[1]}(${m[2]!.trim()}`);
      }
    }
    // query-mentions builds `sql` from SELECT, literal WHERE clauses and placeholders (checked above);
    // migrations are constant strings in migrations.ts.
    expect(calls.sort()).toEqual(['src/store/open-db.ts: exec(MIGRATIONS[v]!', 'src/store/query-mentions.ts: prepare(sql']);
  });
});
