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

/** Milliseconds between two ISO times, never negative (clocks of different sources disagree). */
function msBetween(from: string, to: string | Date): number {
  const ms = (typeof to === 'string' ? Date.parse(to) : to.getTime()) - Date.parse(from);
  return Number.isFinite(ms) ? Math.max(0, ms) : 0;
}

const wholeMinutes = (ms: number) => Math.floor(ms / 60_000);

/**
 * Age and SLA state of one mention; competitors' mentions, ignored ones and false positives have no SLA.
 * States are decided on exact elapsed time, as `report` decides them (30.5 minutes is past a 30-minute
 * target); only the minute columns are whole minutes.
 */
export function viewSla({ createdAt, firstResponseAt, status, competitor, falsePositive = false, targetMinutes, now }: SlaInput): SlaView {
  const ageMs = msBetween(createdAt, now);
  const responseMs = firstResponseAt ? msBetween(createdAt, firstResponseAt) : null;
  const targetMs = targetMinutes * 60_000;
  let slaState: SlaState | null = null;
  // Ignored: nothing is owed, even if someone answered before it was ignored.
  if (competitor || falsePositive || status === 'ignored') slaState = null;
  else if (responseMs !== null) slaState = responseMs <= targetMs ? 'met' : 'missed';
  else if (status === 'open') {
    slaState = ageMs > targetMs ? 'overdue' : ageMs >= targetMs * DUE_SOON_SHARE ? 'due_soon' : 'ok';
  }
  return { ageMinutes: wholeMinutes(ageMs), firstResponseMinutes: responseMs === null ? null : wholeMinutes(responseMs), slaState };
}
