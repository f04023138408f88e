import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TranscriptSourceConfig } from '../config/schema.js';
import { SourceError } from '../errors.js';
import type { Channel, Post } from '../types.js';
import { parseDate } from './file.js';
import { isObject } from './is-object.js';
import {
  isUnchanged,
  listLocalFiles,
  looksBinary,
  readFileStamps,
  stampFiles,
  type FileStamps,
  type LocalFile,
} from './local-files.js';
import { cannotReadFile, labelErrors, sourceLabel } from './source-errors.js';
import type { FetchResult, Source, SourceContext } from './source.js';
import { readTranscriptJson, type SpeakerRole, type Transcript, type Utterance } from './transcript-json.js';
import { parseWebVtt } from './webvtt.js';

const TRANSCRIPT_EXTENSIONS = new Set(['.vtt', '.json', '.jsonl', '.ndjson']);
/** After this many line problems a file gets one summary line instead. */
const MAX_LINE_WARNINGS = 10;
const AGENT_NAME = /^(agent|rep|representative|advisor|support)\b/i;
const CUSTOMER_NAME = /^(customer|caller|client)\b/i;

/** What a transcript source leaves behind: files already read, unchanged since, are skipped. */
export type TranscriptCursor = {
  files: FileStamps;
};

type TranscriptContext = SourceContext<TranscriptSourceConfig & { name: string }>;
type Warn = (message: string) => void;

export const transcriptSource: Source<'transcript'> = {
  kind: 'transcript',
  fetch: (ctx) => labelErrors(ctx.config, () => fetchTranscripts(ctx)),
};

async function fetchTranscripts(ctx: TranscriptContext): Promise<FetchResult> {
  const stamps = readFileStamps(ctx.cursor?.['files']);
  const files = await listLocalFiles(path.resolve(ctx.baseDir, ctx.config.path), TRANSCRIPT_EXTENSIONS);
  const posts: Post[] = [];
  let read = 0;
  let unreadable = 0;
  // Files changed a moment ago of which nothing could be read: most likely still being written.
  const unfinished = new Set<string>();
  for (const file of files) {
    if (isUnchanged(stamps, file)) continue;
    const problems: string[] = [];
    const transcript = await readTranscriptFile(ctx, file, (message) => problems.push(message));
    const useless = problems.length > 0 && !transcript?.utterances.length;
    if (useless && Date.now() - file.mtimeMs < STILL_WRITTEN_MS) {
      ctx.log.warn(`${sourceLabel(ctx.config)}: ${file.path} cannot be read yet (changed ${Math.round((Date.now() - file.mtimeMs) / 1000)} s ago: still being written?); read again on the next scan`);
      unfinished.add(file.key);
      continue;
    }
    for (const message of problems) ctx.log.warn(message);
    // A changed file is read whole again; the store skips utterance ids it already has.
    if (transcript) posts.push(...normalizeTranscript(transcript, file, ctx));
    if (transcript !== undefined) read++;
    if (useless) unreadable++;
  }
  // New files of which none could be read (the wrong folder, the wrong kind of file) fail the
  // source, so that a cron job sees it, and are read again next time instead of being passed by.
  if (read > 0 && unreadable === read) {
    const which = read === 1 ? 'its new or changed file' : `none of its ${read} new or changed files`;
    throw new SourceError(`${which} could ${read === 1 ? 'not ' : ''}be read as a transcript (see the warnings above); nothing was stored from it`);
  }
  return { posts, cursor: { files: stampFiles(files.filter((f) => !unfinished.has(f.key))) } satisfies TranscriptCursor };
}

/** A file changed less than this long ago may still be being written. */
const STILL_WRITTEN_MS = 60_000;

/**
 * The file's utterances, or null (with a problem told) when it is no transcript we can read;
 * undefined for an empty file (one still being written), which is not read yet.
 */
async function readTranscriptFile(ctx: TranscriptContext, file: LocalFile, onProblem: (message: string) => void): Promise<Transcript | null | undefined> {
  const label = sourceLabel(ctx.config);
  const warn: Warn = (message) => onProblem(`${label}: ${file.path}${message}`);
  const data = await readFile(file.path).catch((err: unknown) => {
    throw cannotReadFile(file.path, err);
  });
  if (data.length === 0) {
    ctx.log.debug(`${label}: ${file.path} is empty`);
    return undefined;
  }
  if (looksBinary(data)) {
    warn(': not a text file (binary data); skipped');
    return null;
  }
  const text = data.toString('utf8').replace(/^\uFEFF/, '');
  const ext = path.extname(file.path).toLowerCase();
  if (ext === '.vtt' || (ext !== '.json' && text.startsWith('WEBVTT'))) return readVtt(text, warn);
  if (ext === '.jsonl' || ext === '.ndjson') return readJsonl(text, warn);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    if (ext === '.json') {
      warn(`: invalid JSON (${(err as Error).message}); skipped`);
      return null;
    }
    return readJsonl(text, warn);
  }
  const transcript = readTranscriptJson(json);
  if (!transcript) warn(': not an Amazon Transcribe or Contact Lens transcript (no results or Transcript); skipped');
  return transcript;
}

function readVtt(text: string, warn: Warn): Transcript | null {
  const vtt = parseWebVtt(text);
  if (!vtt) {
    warn(': not a WebVTT file (no WEBVTT header); skipped');
    return null;
  }
  warnLines(vtt.problems, warn);
  return {
    utterances: vtt.cues.map((cue) => ({
      id: cue.id ?? String(cue.index),
      speaker: cue.voice,
      role: null,
      text: cue.text,
      offsetMs: cue.startMs,
    })),
    callStart: parseDate(vtt.notes['started_at']),
    language: null,
  };
}

/**
 * Our plain form, one utterance a line: `{"call_id","utterance_id","speaker","text","start"}`,
 * `start` in seconds from `started_at` (or the file's mtime), or an ISO time.
 */
function readJsonl(text: string, warn: Warn): Transcript {
  const utterances: Utterance[] = [];
  const problems: { line: number; message: string }[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = i + 1;
    if (!raw.trim()) continue;
    let row: unknown;
    try {
      row = JSON.parse(raw);
    } catch (err) {
      problems.push({ line, message: `invalid JSON (${(err as Error).message})` });
      continue;
    }
    const utterance = isObject(row) ? jsonlUtterance(row, line) : null;
    if (utterance) utterances.push(utterance);
    else problems.push({ line, message: 'expected an object with "text"' });
  }
  warnLines(problems, warn);
  return { utterances, callStart: null, language: null };
}

function jsonlUtterance(row: Record<string, unknown>, line: number): Utterance | null {
  if (typeof row['text'] !== 'string' || !row['text'].trim()) return null;
  const scalar = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null);
  const callId = scalar(row['call_id']);
  const utteranceId = scalar(row['utterance_id']) ?? `line${line}`;
  const speaker = scalar(row['speaker']);
  const start = row['start'];
  const offsetMs = typeof start === 'number' && Number.isFinite(start) ? Math.round(start * 1000) : 0;
  const startedAt = parseDate(row['started_at']);
  const at = typeof start === 'string' ? parseDate(start) : startedAt ? new Date(startedAt.getTime() + offsetMs) : null;
  const role = speaker?.toLowerCase() === 'agent' ? 'agent' : speaker?.toLowerCase() === 'customer' ? 'customer' : null;
  return {
    id: callId ? `${callId}/${utteranceId}` : utteranceId,
    speaker,
    role,
    text: row['text'].trim(),
    offsetMs,
    ...(at ? { at } : {}),
  };
}

function warnLines(problems: { line: number; message: string }[], warn: Warn): void {
  for (const p of problems.slice(0, MAX_LINE_WARNINGS)) warn(`:${p.line}: ${p.message}`);
  if (problems.length > MAX_LINE_WARNINGS) warn(`: ${problems.length - MAX_LINE_WARNINGS} more problems`);
}

/**
 * Customer turns become posts; agent turns only with agentTurns, as author `agent:NAME`, because
 * every greeting names the brand and would bury what customers say.
 */
function normalizeTranscript(transcript: Transcript, file: LocalFile, ctx: TranscriptContext): Post[] {
  const roleOf = createRoleResolver(transcript.utterances, ctx.config.agents);
  const callStart = transcript.callStart ?? new Date(file.mtimeMs);
  const channel = (ctx.config.channel as Channel | undefined) ?? 'call';
  return transcript.utterances.flatMap((u): Post[] => {
    const role = roleOf(u);
    if (role === 'agent' && !ctx.config.agentTurns) return [];
    return [
      {
        source: ctx.config.name,
        id: `${file.key}#${u.id}`,
        channel,
        createdAt: (u.at ?? new Date(callStart.getTime() + u.offsetMs)).toISOString(),
        text: u.text,
        title: null,
        url: null,
        author: role === 'agent' ? `agent:${u.speaker ?? 'unknown'}` : u.speaker,
        language: transcript.language,
        replyTo: null,
      },
    ];
  });
}

/**
 * Who is the agent: the format's own role, then the configured `agents` labels, then names like
 * "Agent" or "Customer". When nothing names an agent, the first speaker is taken to be one:
 * call-centre agents open the call.
 */
function createRoleResolver(utterances: Utterance[], agents: string[]): (u: Utterance) => SpeakerRole {
  const configured = new Set(agents.map((a) => a.toLowerCase()));
  const byName = (u: Utterance): SpeakerRole | null => {
    if (u.role) return u.role;
    if (!u.speaker) return 'customer';
    if (configured.has(u.speaker.toLowerCase()) || AGENT_NAME.test(u.speaker)) return 'agent';
    return CUSTOMER_NAME.test(u.speaker) ? 'customer' : null;
  };
  const agentNamed = configured.size > 0 || utterances.some((u) => byName(u) === 'agent');
  const firstSpeaker = utterances.find((u) => u.speaker)?.speaker;
  return (u) => byName(u) ?? (!agentNamed && u.speaker === firstSpeaker ? 'agent' : 'customer');
}
