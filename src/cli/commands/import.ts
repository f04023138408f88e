import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
import { POST_FIELDS } from '../../sources/post-fields.js';
import type { GlobalOptions } from '../context.js';

interface ImportOptions {
  source?: string;
  format?: 'jsonl' | 'csv' | 'tsv';
  field?: string[];
  channel?: string;
  jobs?: string;
}

const FIELD_NAMES: readonly string[] = POST_FIELDS;

export function importCommand(): Command {
  return new Command('import')
    .description('match, score and store posts from JSONL, CSV or TSV files exported from anywhere')
    .argument('[file...]', 'JSONL, CSV or TSV files; - reads standard input (with --format)')
    .option('--source <name>', 'source name to store the posts under (default: the file name; "stdin" for -)')
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['jsonl', 'csv', 'tsv']))
    .option('--field <name=column...>', `map earshot's field to the file's column, as id=tweet_id or id=tweet_id,author=user (fields: ${FIELD_NAMES.join(', ')})`)
    .addOption(new Option('--channel <channel>', 'channel of these posts').choices(['social', 'forum', 'news', 'email', 'call']).default('social'))
    .option('--jobs <n>', 'threads to use (default 1): with N, N-1 worker threads match and score while this one reads and stores; each worker holds its own dictionaries (~100 MB)')
    .addHelpText(
      'after',
      `
By default the columns (or JSON keys) are id, text, author, created_at, url. Importing the
same file again stores nothing twice. Rows that cannot be read are reported with their line
number and skipped; the rest is kept. A CSV or TSV header without the id or text column stops
the import (exit 2), and so does a file none of whose rows could be read (exit 1).

Examples:
  $ earshot import exports/mentions.jsonl
  $ earshot import tweets.csv --field id=tweet_id --field author=author_id
  $ earshot import --field id=tweet_id,author=user.screen_name tweets.jsonl
  $ earshot import support.csv --source helpdesk --channel email
  $ earshot import archive-2025.jsonl --jobs 2
  $ jq -c '.items[]' dump.json | earshot import - --format jsonl --source dump`,
    )
    .action(async (files: string[], opts: ImportOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const { requireConfig, resolveDbPath, loggerFor } = await import('../context.js');
      const { EarshotError, fileErrorMessage } = await import('../../errors.js');
      const config = await requireConfig(globals);
      const { fields, files: stray } = parseFieldMappings(opts.field ?? []);
      // `--field id=x tweets.csv`: the option takes several values, so the file came with them.
      files = files.concat(stray);
      if (files.length === 0) throw new UsageError('import: expected a file to import (or - for standard input)');
      if (opts.source !== undefined && !opts.source.trim()) throw new UsageError('--source: expected a name, got an empty value');
      const { parseJobs } = await import('../parse-options.js');
      const jobs = opts.jobs === undefined ? 1 : parseJobs(opts.jobs);
      const { formatOfExtension, STDIN } = await import('../../sources/file.js');
      // Standard input has no name to tell the format by, and can be read once.
      if (files.includes(STDIN)) {
        if (!opts.format) throw new UsageError('-: standard input needs --format jsonl, --format csv or --format tsv');
        if (files.filter((f) => f === STDIN).length > 1) throw new UsageError('-: standard input can be read only once');
        (await import('../output.js')).hintTerminalInput('posts');
      }
      // A missing file, a folder, or a file whose format cannot be told is refused before any
      // file is imported: a mistyped name does not leave the files before it imported alone.
      for (const file of files) {
        if (file === STDIN) continue;
        const kind = await stat(file).then(
          (s) => (s.isDirectory() ? 'folder' : 'file'),
          (err: unknown) => {
            // `--field id:tweet_id`: a mistyped mapping, not a file.
            if (stray.includes(file) && !formatOfExtension(file)) {
              throw new UsageError(`--field: expected NAME=COLUMN with NAME one of ${FIELD_NAMES.join(', ')}, got "${file}" (no such file either)`);
            }
            throw new EarshotError(`cannot read ${file}: ${fileErrorMessage(err)}`);
          },
        );
        if (kind === 'folder') {
          throw new UsageError(`${file}: is a folder; give the files in it, as in: earshot import ${file.replace(/\/+$/, '')}/*.${opts.format ?? 'jsonl'}`);
        }
        if (!opts.format && !formatOfExtension(file)) {
          // A JSON array (earshot's own --format json too) is one document, not a post a line.
          if (extname(file).toLowerCase() === '.json') {
            throw new UsageError(`${file}: a JSON file; earshot imports JSON Lines, one post a line: convert it with jq -c '.[]' ${file} > ${file.replace(/\.json$/i, '')}.jsonl`);
          }
          const named = extname(file) ? `the extension "${extname(file)}"` : 'a name without an extension';
          throw new UsageError(`${file}: cannot tell the format from ${named}; add --format jsonl, --format csv or --format tsv`);
        }
      }
      // The same file twice (a.jsonl ./a.jsonl, a glob and a name) would have its posts taken
      // for repeats of their own ids: read once.
      const { realpath } = await import('node:fs/promises');
      const seen = new Map<string, string>();
      const given = files;
      files = [];
      for (const file of given) {
        const real = file === STDIN ? STDIN : await realpath(file).catch(() => file);
        const first = seen.get(real);
        if (first === undefined) {
          seen.set(real, file);
          files.push(file);
        } else loggerFor(globals).warn(`${file} is ${first === file ? 'given twice' : `${first} again`}: read once`);
      }
      const [{ openDb }, { streamPostBatches }, { importPosts, ImportStoppedError, lastPostKey }, { analyzeInThreads }, { writeOut }, { indexBrandHandles }, { progressFor }, { describeDbError }] =
        await Promise.all([
          import('../../store/open-db.js'),
          import('../../sources/file.js'),
          import('../../pipeline/import-posts.js'),
          import('../../pipeline/chunk-analyzer.js'),
          import('../output.js'),
          import('../../triage/brand-handles.js'),
          import('../progress.js'),
          import('../../store/db-errors.js'),
        ]);
      const { keepHeapLean } = await import('../lean-heap.js');
      keepHeapLean();
      // With --jobs, a large input is analysed in worker threads while this one reads and stores.
      const analyzer = analyzeInThreads(config, jobs);
      const log = loggerFor(globals);
      const dbPath = resolveDbPath(globals, config);
      const db = openDb({ path: dbPath });
      const handles = indexBrandHandles(config.brands);
      // Files imported whole so far: a later one that stops says they were stored.
      const done: string[] = [];
      const sourceFiles = new Map<string, string>();
      // A post of a later file with the id of an earlier one's (same source) repeats it too.
      const storedUpTo = lastPostKey(db);
      // What the files before a failing one, and the ones after it, came to: said with its error.
      const outcome = (index: number, partly?: string) => {
        const later = files.slice(index + 1).map((f) => (f === STDIN ? 'stdin' : f));
        return [
          ...(done.length > 0 ? [`${done.join(', ')} ${done.length > 1 ? 'were' : 'was'} stored whole`] : []),
          ...(partly ? [partly] : []),
          ...(later.length > 0 ? [`${later.join(', ')} ${later.length > 1 ? 'were' : 'was'} not read`] : []),
        ];
      };
      const told = (err: unknown, said: string[]) =>
        said.length > 0 && err instanceof EarshotError && !(err instanceof ImportStoppedError) ? new EarshotError(`${err.message}; ${said.join('; ')}`, err.exitCode) : err;
      try {
        for (const [index, file] of files.entries()) {
          const name = file === STDIN ? 'stdin' : file;
          const source = opts.source ?? basename(name, extname(name));
          // Named after the file, two files of one name (jan/export.csv, feb/export.csv) are one
          // source, where a post's id counts once: the second file's posts 1, 2 … would be taken as stored.
          const earlier = opts.source === undefined ? sourceFiles.get(source) : undefined;
          const sharesName = earlier !== undefined && earlier !== name;
          if (sharesName) log.warn(`${name} is stored under source "${source}", as ${earlier} is: posts with the same ids count once; import it with its own --source to keep them apart`);
          sourceFiles.set(source, earlier ?? name);
          // Files are streamed: a multi-gigabyte archive takes no more memory than a small one.
          const total = file === STDIN ? 0 : await stat(file).then((s) => s.size, () => 0);
          const progress = progressFor({ label: basename(name), total, quiet: globals.quiet });
          let bytes = 0;
          let skipped = 0;
          const posts = streamPostBatches(
            { path: file, format: opts.format, fields, source, channel: opts.channel as 'social', log, now: new Date(), onSkip: () => skipped++, reader: 'import' },
            (b) => (bytes = b),
          );
          const r = await importPosts({
            db,
            analyzer,
            source,
            posts,
            now: () => new Date(),
            handles,
            storedUpTo,
            onChunk: (read) => progress.update(bytes, read),
          })
            .catch((err: unknown) => {
              // What this run stored before it stopped, said instead of "nothing was changed".
              const stopped = err instanceof ImportStoppedError ? err : null;
              const cause = stopped ? stopped.cause : err;
              const partly = stopped
                ? `the first ${stopped.committed.read} posts of ${name} were stored (${stopped.committed.newPosts} new posts, ${stopped.committed.newMentions} new mentions)`
                : undefined;
              const stored = outcome(index, partly);
              if (stored.length === 0) throw cause;
              if (done.length > 0 || partly) {
                throw describeDbError(cause, dbPath, `${stored.join('; ')}; run the same import again to finish it: nothing is stored twice`) ?? told(cause, stored);
              }
              // Nothing stored yet: the database error's own word on that, then the files not read.
              throw told(describeDbError(cause, dbPath) ?? cause, stored);
            })
            .finally(() => progress.end());
          done.push(name);
          if (!globals.quiet) {
            writeOut(`${name}: read ${r.read} posts; ${r.newPosts} new posts, ${r.newMentions} new mentions (source "${source}")\n`);
          }
          // A column of ids that is not unique (a conversation's id, say) loses posts quietly otherwise.
          if (r.repeated > 0 && !sharesName) {
            log.warn(
              `${name}: ${r.repeated} ${r.repeated === 1 ? 'post repeats an id' : 'posts repeat an id'} read earlier in this import (the first: ${JSON.stringify(r.firstRepeatedId)}) and ${r.repeated === 1 ? 'was' : 'were'} not stored; if its ids are not unique, name a column that is with --field id=COLUMN`,
            );
          }
          // Another file once stored under this name (feb/export.csv after jan/export.csv, a second
          // dump piped in): its posts with the same ids would be lost without a word.
          if (r.conflicting > 0) {
            log.warn(
              `${name}: ${r.conflicting} ${r.conflicting === 1 ? 'post has an id' : 'posts have ids'} that source "${source}" already had, with other text (the first: ${JSON.stringify(r.firstConflictingId)}), and ${r.conflicting === 1 ? 'was' : 'were'} not stored; if this is another file than the one stored before, import it under its own name with --source NAME`,
            );
          }
          // Rows skipped here and there are warned about; a file of which none could be read is a
          // failure a cron job must see (often a mapping that does not fit the file).
          if (r.read === 0 && skipped > 0) {
            done.pop();
            throw told(new EarshotError(`${name}: none of its ${skipped} rows could be read (see the warnings above); nothing was stored from it`), outcome(index));
          }
        }
      } finally {
        await analyzer.close();
        db.close();
      }
    });
}

const MAPPING_COMMA = new RegExp(`,(?=\\s*(?:${FIELD_NAMES.join('|')})\\s*=|\\s*$)`);

/**
 * --field values: NAME=COLUMN, several to a value split at each comma that begins another NAME=
 * (`id=a,author=b`; a column's own comma stays: `author=x,y`). A value without "=" is a file the
 * option took along, as its values run on: `--field id=x tweets.csv`. A field mapped twice to
 * different columns is refused.
 */
export function parseFieldMappings(values: string[]): { fields: Record<string, string>; files: string[] } {
  const fields: Record<string, string> = {};
  const files: string[] = [];
  const isMapping = (part: string) => FIELD_NAMES.includes(part.slice(0, part.indexOf('=')).trim());
  for (const value of values) {
    if (!value.includes('=')) {
      files.push(value);
      continue;
    }
    // Split only at a comma that starts another NAME=: a column's own comma stays (author=x,y).
    const parts = value.split(MAPPING_COMMA).filter((part, i) => i === 0 || part.trim() !== '');
    for (const pair of parts.every(isMapping) ? parts : [value]) {
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const column = pair.slice(at + 1).trim();
      if (!column || !FIELD_NAMES.includes(name)) {
        throw new UsageError(`--field: expected NAME=COLUMN with NAME one of ${FIELD_NAMES.join(', ')}, got "${pair}"`);
      }
      if (fields[name] !== undefined && fields[name] !== column) {
        throw new UsageError(`--field: ${name} is mapped twice, to "${fields[name]}" and to "${column}"`);
      }
      fields[name] = column;
    }
  }
  return { fields, files };
}
