import { Command } from 'commander';

interface ScoreOptions {
  lang?: string;
  explain?: boolean;
}

/** Warnings for bad lines, one each up to this many: a broken file does not flood stderr. */
const MAX_LINE_WARNINGS = 20;

export function scoreCommand(): Command {
  return new Command('score')
    .description('score the sentiment of JSONL texts ({"id", "text", "lang"?} per line) and write NDJSON')
    .argument('[file]', 'JSONL file, or - for standard input', '-')
    .option('--lang <code>', 'language for lines without "lang" (default: detect it per line)')
    .option('--explain', 'add the lexicon used and the words, emoji and negations that decided')
    .addHelpText(
      'after',
      `
Each output line: {"id", "language", "sentiment", "sentiment_score", "confidence", "intents",
"uncertain"}. A score near the neutral band comes out with a low confidence; a side too close to
call (confidence under 0.2) comes out neutral with "uncertain": true. Languages with their own lexicon:
en de es pl sl hr sr bs hu (trained), fr it pt nl (published lexicons); others are scored as English.
A line that is not a JSON object with a string "text" is warned about on stderr and skipped; the
others are still scored, and the run then exits 2.

Examples:
  $ earshot score posts.jsonl > scored.ndjson
  $ echo '{"id":1,"text":"Nie jest dobrze, ale kurier był miły"}' | earshot score --explain`,
    )
    .action(async (file: string, opts: ScoreOptions, cmd: Command) => {
      const [{ createReadStream }, { stat }, { eachLine, textLines }, { UsageError, fileErrorMessage }, { stdoutSink }, { loggerFor }, records, lang] = await Promise.all([
        import('node:fs'),
        import('node:fs/promises'),
        import('../../sources/text-lines.js'),
        import('../../errors.js'),
        import('../sink.js'),
        import('../context.js'),
        import('../../sentiment/score-records.js'),
        import('../../language/detect-language.js'),
      ]);
      const log = loggerFor(cmd.optsWithGlobals());
      const fixed = opts.lang === undefined ? undefined : lang.parseLanguageFlag(opts.lang);
      // A folder opens as a file does, and fails only at the first read.
      if (file !== '-' && (await stat(file).catch(() => null))?.isDirectory()) throw new UsageError(`${file}: is a folder; give a JSONL file, or - for standard input`);
      if (fixed === undefined) await lang.loadLanguageDetector();
      const languageOf = fixed ? () => fixed : (text: string) => lang.detectLanguage(text, []);
      if (file === '-') (await import('../output.js')).hintTerminalInput('JSONL lines');
      const input = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
      const opened = new Promise<void>((resolve, reject) => {
        if (file === '-') return resolve();
        input.once('open', () => resolve());
        input.once('error', (err: NodeJS.ErrnoException) => reject(new UsageError(`cannot read ${file}: ${fileErrorMessage(err)}`)));
      });
      await opened;
      const name = file === '-' ? 'stdin' : file;
      let n = 0;
      let bad = 0;
      let batch = '';
      // At the reader's pace: a slow consumer holds back the reading instead of filling memory,
      // and one that goes away (`| head`) ends the run.
      const sink = stdoutSink();
      try {
        // The encodings import reads: UTF-8, UTF-16 by its mark, Windows-1252 (told).
        const onEncoding = (encoding: string) => {
          if (encoding === 'windows-1252') log.warn(`${name}: text that is not UTF-8, read as Windows-1252 (as Excel saves text files on Windows)`);
        };
        for await (const line of eachLine(textLines(input, { name, onEncoding }))) {
          n++;
          // A byte-order mark (files saved by Excel or Notepad) is not part of the first record.
          let record: ReturnType<typeof records.parseScoreRecord>;
          try {
            record = records.parseScoreRecord(n === 1 ? line.replace(/^\uFEFF/, '') : line, `${name}:${n}`);
          } catch (err) {
            // A bad line does not cost the lines after it: warned about, skipped, and the run
            // still ends in failure (below), so a script sees that something was left out.
            if (!(err instanceof UsageError)) throw err;
            if (++bad <= MAX_LINE_WARNINGS) log.warn(`${err.message}; skipped`);
            continue;
          }
          if (!record) continue;
          batch += `${records.scoredLine(records.scoreRecord(record, { languageOf, fallback: fixed ?? 'en', explain: opts.explain === true }), record)}\n`;
          if (batch.length > 64_000) {
            const open = await sink.write(batch);
            batch = '';
            if (!open) return;
          }
        }
      } finally {
        // Also when reading fails: every line before it is scored and written, as a stream
        // would have it, whatever the size of the input.
        await sink.write(batch);
      }
      if (bad > MAX_LINE_WARNINGS) log.warn(`${name}: ${bad - MAX_LINE_WARNINGS} more bad lines skipped`);
      if (bad > 0) throw new UsageError(`${name}: ${bad} of ${n} lines could not be read (see the warnings above); the others were scored`);
    });
}
