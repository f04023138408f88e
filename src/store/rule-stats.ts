import type { Db } from './open-db.js';

/** How one rule variant has done: what it matched and what people said about it. */
export interface VariantStats {
  brand: string;
  match_kind: string;
  variant: string;
  matched: number;
  confirmed: number;
  rejected: number;
}

export function variantStats(db: Db): VariantStats[] {
  return db
    .prepare(
      `SELECT brand, match_kind, variant, count(*) AS matched,
              total(verdict = 'relevant') AS confirmed, total(verdict = 'false-positive') AS rejected
       FROM mentions GROUP BY brand, match_kind, variant ORDER BY brand, matched DESC, variant`,
    )
    .all() as VariantStats[];
}

/** A judged mention with the text around it, for finding what false positives have in common. */
export interface JudgedMention {
  brand: string;
  verdict: 'relevant' | 'false-positive';
  text: string;
  span_start: number;
  span_end: number;
}

export function judgedMentions(db: Db): JudgedMention[] {
  return db
    .prepare(
      `SELECT m.brand, m.verdict, p.text, m.span_start, m.span_end
       FROM mentions m JOIN posts p ON p.pk = m.post_pk WHERE m.verdict IS NOT NULL`,
    )
    .all() as JudgedMention[];
}
