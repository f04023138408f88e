import type { BrandConfig } from '../config/schema.js';
import type { Channel, MentionStatus } from '../types.js';

/** First-response target when a brand sets none: what social-care teams commonly promise. */
export const DEFAULT_SLA_MINUTES = 30;
/** An open mention is "due soon" once this share of its target has passed. */
export const DUE_SOON_SHARE = 0.8;

/** Open mentions: ok, due_soon, overdue. Answered: met or missed. Nothing to answer: null. */
export type SlaState = 'ok' | 'due_soon' | 'overdue' | 'met' | 'missed';

/** The target in minutes for a brand's mention on a channel. */
export type SlaTargets = (brand: string, channel: Channel) => number;

/** Targets from the config; unknown brands and unset channels get the default. */
export function slaTargets(brands: readonly Pick<BrandConfig, 'name' | 'sla'>[]): SlaTargets {
  const byBrand = new Map(brands.map((b) => [b.name.toLowerCase(), b.sla]));
  return (brand, channel) => {
    const sla = byBrand.get(brand.toLowerCase());
    if (sla === undefined) return DEFAULT_SLA_MINUTES;
    if (typeof sla === 'number') return sla;
    return sla[channel] ?? DEFAULT_SLA_MINUTES;
  };
}

export interface SlaInput {
  createdAt: string;
  /** Time of the first 'responded' event, if any. */
  firstResponseAt: string | null;
  status: MentionStatus;
  competitor: boolean;
  /** Marked a false positive: nothing to answer, whatever its status. */
  falsePositive?: boolean;
  targetMinutes: number;
  now: Date;
}

export interface SlaView {
  ageMinutes: number;
  firstResponseMinutes: number | null;
  slaState: SlaState | null;
}

/** Whole minutes between two ISO times, never negative (clocks of different sources disagree). */
export function minutesBetween(from: string, to: string | Date): number {
  const ms = (typeof to === 'string' ? Date.parse(to) : to.getTime()) - Date.parse(from);
  return Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 60_000)) : 0;
}

/** Age and SLA state of one mention; competitors' mentions, ignored ones and false positives have no SLA. */
export function viewSla({ createdAt, firstResponseAt, status, competitor, falsePositive = false, targetMinutes, now }: SlaInput): SlaView {
  const ageMinutes = minutesBetween(createdAt, now);
  const firstResponseMinutes = firstResponseAt ? minutesBetween(createdAt, firstResponseAt) : null;
  let slaState: SlaState | null = null;
  if (competitor || falsePositive) slaState = null;
  else if (firstResponseMinutes !== null) slaState = firstResponseMinutes <= targetMinutes ? 'met' : 'missed';
  else if (status === 'open') {
    slaState = ageMinutes > targetMinutes ? 'overdue' : ageMinutes >= targetMinutes * DUE_SOON_SHARE ? 'due_soon' : 'ok';
  }
  return { ageMinutes, firstResponseMinutes, slaState };
}
