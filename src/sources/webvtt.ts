/** One cue of a WebVTT file: its text with markup removed and the voice that speaks it. */
export interface VttCue {
  /** The cue identifier line, when there is one. */
  id: string | null;
  /** 1-based position among the file's cues. */
  index: number;
  startMs: number;
  /** The first `<v Name>` of the cue, or null. */
  voice: string | null;
  text: string;
}

export interface VttProblem {
  line: number;
  message: string;
}

export interface VttDocument {
  cues: VttCue[];
  /** `key=value` pairs from NOTE blocks (`NOTE call_id=… started_at=…`). */
  notes: Record<string, string>;
  problems: VttProblem[];
}

const HEADER = /^WEBVTT(?:[ \t].*)?$/;
/** `01:02:03.456` or `02:03.456`: hours optional, any number of hour digits. */
const TIMESTAMP = /^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const VOICE = /<v(?:\.[^\s>]*)?[ \t]+([^>]+)>/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: ' ', lrm: '', rlm: '', quot: '"', apos: "'" };

/** Null when the text lacks the WEBVTT header, i.e. is no WebVTT at all. */
export function parseWebVtt(text: string): VttDocument | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!HEADER.test(lines[0] ?? '')) return null;
  const doc: VttDocument = { cues: [], notes: {}, problems: [] };
  for (const block of blocks(lines)) readBlock(block, doc);
  return doc;
}

interface Block {
  /** 1-based line number of the block's first line. */
  line: number;
  lines: string[];
}

/** Blank-line separated blocks after the header block. */
function blocks(lines: string[]): Block[] {
  const result: Block[] = [];
  let current: Block | null = null;
  let inHeader = true;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      inHeader = false;
      current = null;
    } else if (!inHeader) {
      if (!current) {
        current = { line: i + 1, lines: [] };
        result.push(current);
      }
      current.lines.push(line);
    }
  });
  return result;
}

function readBlock({ line, lines }: Block, doc: VttDocument): void {
  const first = lines[0]!;
  if (/^NOTE(\s|$)/.test(first)) {
    for (const [, key, value] of lines.join(' ').matchAll(/([A-Za-z_][\w-]*)=(\S+)/g)) doc.notes[key!] = value!;
    return;
  }
  if (/^(STYLE|REGION)(\s|$)/.test(first)) return;
  const timingAt = first.includes('-->') ? 0 : 1;
  const timing = lines[timingAt];
  if (timing === undefined || !timing.includes('-->')) {
    doc.problems.push({ line, message: 'not a cue (no "-->" timing line)' });
    return;
  }
  const startMs = parseTimestamp(timing.split('-->')[0]!.trim());
  if (startMs === null) {
    doc.problems.push({ line: line + timingAt, message: `cannot read cue timing "${timing.trim()}"` });
    return;
  }
  const payload = lines.slice(timingAt + 1).join('\n');
  const text = decodeEntities(payload.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
  if (!text) return;
  doc.cues.push({
    id: timingAt === 1 ? first.trim() : null,
    index: doc.cues.length + 1,
    startMs,
    voice: VOICE.exec(payload)?.[1]?.trim() || null,
    text,
  });
}

function parseTimestamp(value: string): number | null {
  const m = TIMESTAMP.exec(value);
  if (!m) return null;
  const [, h, min, s, ms] = m;
  return ((Number(h ?? 0) * 60 + Number(min)) * 60 + Number(s)) * 1000 + Number(ms);
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
