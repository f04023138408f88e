import type { Channel, MentionStatus, SentimentLabel } from '../types.js';

/** Mentions the report counts: no false positives, no topics (`m` is the table's alias). */
export const reportable = (m: string): string => `${m}.verdict IS NOT 'false-positive' AND ${m}.match_kind != 'topic'`;

/** Reportable mentions (no false positives, no topics) that share every field but `n`. */
export interface CountRow {
  day: string;
  brand: string;
  competitor: boolean;
  source: string;
  channel: Channel;
  sentiment: SentimentLabel;
  tagged: boolean;
  status: MentionStatus;
  assigned: boolean;
  n: number;
}

/** Reportable mentions of one brand on one UTC day with one sentiment. */
export interface DayCount {
  day: string;
  brand: string;
  competitor: boolean;
  sentiment: SentimentLabel;
  n: number;
}

/** First-response figures of one brand's answered mentions in the period (ignored ones left out). */
export interface AnsweredStats {
  brand: string;
  segment: 'all' | 'tagged' | 'untagged';
  answered: number;
  medianMinutes: number;
  /** Nearest rank. */
  p90Minutes: number;
  withinSla: number;
}

export interface OverdueMention {
  id: number;
  brand: string;
  author: string | null;
  created_at: string;
  ageMinutes: number;
}

export interface ReportAuthor {
  author: string;
  followers: number | null;
  mentions: number;
}

