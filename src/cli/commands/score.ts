import { Command } from 'commander';

interface ScoreOptions {
  lang?: string;
  explain?: boolean;
}

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

Examples:
  $ earshot score posts.jsonl > scored.ndjson
  $ echo '{"id":1,"text":"Nie jest dobrze, ale kurier był miły"}' | earshot score --explain`,
    )
    .action(async (file: string, opts: ScoreOptions) => {
      const [{ createReadStream }, { stat }, { createInterface }, { UsageError, fileErrorMessage }, { stdoutSink }, records, lang] = await Promise.all([
        import('node:fs'),
        import('node:fs/promises'),
        import('node:readline'),
        import('../../errors.js'),
        import('../sink.js'),
        import('../../sentiment/score-records.js'),
        import('../../language/detect-language.js'),
      ]);
      const fixed = opts.lang === undefined ? undefined : lang.parseLanguageFlag(opts.lang);
      // A folder opens as a file does, and fails only at the first read.
      if (file !== '-' && (await stat(file).catch(() => null))?.isDirectory()) throw new UsageError(`${file}: is a folder; give a JSONL file, or - for standard input`);
      if (fixed === undefined) await lang.loadLanguageDetector();
      const languageOf = fixed ? () => fixed : (text: string) => lang.detectLanguage(text, []);
      const input = file === '-' ? process.stdin : createReadStream(file);
      const opened = new Promise<void>((resolve, reject) => {
        if (file === '-') return resolve();
        input.once('open', () => resolve());
        input.once('error', (err: NodeJS.ErrnoException) => reject(new UsageError(`cannot read ${file}: ${fileErrorMessage(err)}`)));
      });
      await opened;
      const name = file === '-' ? 'stdin' : file;
      let n = 0;
      let batch = '';
      // At the reader's pace: a slow consumer holds back the reading instead of filling memory,
      // and one that goes away (`| head`) ends the run.
      const sink = stdoutSink();
      try {
        for await (const line of createInterface({ input, crlfDelay: Infinity })) {
          n++;
          // A byte-order mark (files saved by Excel or Notepad) is not part of the first record.
          const record = records.parseScoreRecord(n === 1 ? line.replace(/^\uFEFF/, '') : line, `${name}:${n}`);
          if (!record) continue;
          batch += `${JSON.stringify(records.scoreRecord(record, { languageOf, fallback: fixed ?? 'en', explain: opts.explain === true }))}\n`;
          if (batch.length > 64_000) {
            const open = await sink.write(batch);
            batch = '';
            if (!open) return;
          }
        }
      } finally {
        // Also when a line is bad: every line before it is scored and written, as a stream would
        // have it, whatever the size of the input.
        await sink.write(batch);
      }
    });
}
