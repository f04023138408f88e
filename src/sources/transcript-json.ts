import { isObject } from './is-object.js';
import { primaryLanguage } from './language-tag.js';

export type SpeakerRole = 'agent' | 'customer';

/** One turn of a call, from any transcript format. */
export interface Utterance {
  /** Unique within its file. */
  id: string;
  /** The label as the file writes it: `Customer`, `spk_1`, `CUSTOMER`, `Carla`. */
  speaker: string | null;
  /** When the format says; otherwise decided from the speaker later. */
  role: SpeakerRole | null;
  text: string;
  /** From the start of the call. */
  offsetMs: number;
  /** An absolute time, when the format gives one: it wins over call start + offset. */
  at?: Date;
}

/** A transcript file read into utterances. */
export interface Transcript {
  utterances: Utterance[];
  /** When the file says; otherwise the caller falls back to the file's mtime. */
  callStart: Date | null;
  language: string | null;
}

/** Amazon Transcribe (results.items) or Contact Lens / Call Analytics (Transcript[]); null for other JSON. */
export function readTranscriptJson(json: unknown): Transcript | null {
  if (!isObject(json)) return null;
  if (Array.isArray(json['Transcript'])) return readContactLens(json);
  if (isObject(json['results'])) return readTranscribe(json['results']);
  return null;
}

/** `Transcript[]` of `{Id, ParticipantId|ParticipantRole, Content, BeginOffsetMillis}`. */
function readContactLens(json: Record<string, unknown>): Transcript {
  const utterances: Utterance[] = [];
  for (const [i, turn] of (json['Transcript'] as unknown[]).entries()) {
    if (!isObject(turn) || typeof turn['Content'] !== 'string' || !turn['Content'].trim()) continue;
    const speaker = stringOr(turn['ParticipantId'], stringOr(turn['ParticipantRole'], null));
    utterances.push({
      id: stringOr(turn['Id'], String(i + 1))!,
      speaker,
      role: speaker?.toUpperCase() === 'AGENT' ? 'agent' : speaker?.toUpperCase() === 'CUSTOMER' ? 'customer' : null,
      text: turn['Content'].trim(),
      offsetMs: typeof turn['BeginOffsetMillis'] === 'number' ? turn['BeginOffsetMillis'] : 0,
    });
  }
  return { utterances, callStart: null, language: primaryLanguage(json['LanguageCode']) };
}

interface Group {
  speaker: string | null;
  offsetMs: number;
  words: string[];
}

/**
 * `results.items` are single words and punctuation; consecutive words of one speaker make an
 * utterance. The speaker is on each item in newer output, in `speaker_labels.segments` in older.
 */
function readTranscribe(results: Record<string, unknown>): Transcript {
  const speakerAt = segmentSpeakers(results['speaker_labels']);
  const groups: Group[] = [];
  for (const item of Array.isArray(results['items']) ? results['items'].filter(isObject) : []) {
    const alternatives = Array.isArray(item['alternatives']) ? item['alternatives'] : [];
    const content = isObject(alternatives[0]) ? stringOr(alternatives[0]['content'], null) : null;
    if (!content) continue;
    const last = groups.at(-1);
    if (item['type'] === 'punctuation') {
      if (last) last.words[last.words.length - 1] += content;
      continue;
    }
    const start = stringOr(item['start_time'], null);
    // A word no segment lists stays with the speaker before it.
    const speaker = stringOr(item['speaker_label'], null) ?? (start ? speakerAt.get(start) : undefined) ?? last?.speaker ?? null;
    if (!last || last.speaker !== speaker) {
      groups.push({ speaker, offsetMs: Math.round(Number(start ?? 0) * 1000), words: [content] });
    } else {
      last.words.push(content);
    }
  }
  const utterances: Utterance[] = groups.map((g, i) => ({
    id: String(i + 1),
    speaker: g.speaker,
    role: null,
    text: g.words.join(' '),
    offsetMs: g.offsetMs,
  }));
  if (utterances.length === 0) {
    const transcripts = Array.isArray(results['transcripts']) ? results['transcripts'] : [];
    const whole = isObject(transcripts[0]) ? stringOr(transcripts[0]['transcript'], null) : null;
    if (whole?.trim()) utterances.push({ id: '1', speaker: null, role: null, text: whole.trim(), offsetMs: 0 });
  }
  return { utterances, callStart: null, language: primaryLanguage(results['language_code']) };
}

/** Item start time → speaker, from older output's `speaker_labels.segments[].items`. */
function segmentSpeakers(labels: unknown): Map<string, string> {
  const byStart = new Map<string, string>();
  const segments = isObject(labels) && Array.isArray(labels['segments']) ? labels['segments'] : [];
  for (const segment of segments.filter(isObject)) {
    for (const item of Array.isArray(segment['items']) ? segment['items'].filter(isObject) : []) {
      const start = stringOr(item['start_time'], null);
      const speaker = stringOr(item['speaker_label'], stringOr(segment['speaker_label'], null));
      if (start && speaker) byStart.set(start, speaker);
    }
  }
  return byStart;
}

function stringOr(value: unknown, fallback: string | null): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : fallback;
}
