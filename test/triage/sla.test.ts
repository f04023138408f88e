import { describe, expect, it } from 'vitest';
import type { MentionStatus } from '../../src/types.js';
import { viewSla, type SlaInput } from '../../src/triage/sla.js';

const NOW = new Date('2026-03-01T13:00:00.000Z');
/** An ISO time this long before NOW. */
const ago = (minutes: number, seconds = 0, ms = 0) => new Date(NOW.getTime() - (minutes * 60 + seconds) * 1000 - ms).toISOString();
/** An ISO time this long after `from`. */
const after = (from: string, minutes: number, seconds = 0, ms = 0) => new Date(Date.parse(from) + (minutes * 60 + seconds) * 1000 + ms).toISOString();

const POSTED = '2026-03-01T10:00:00.000Z';

function view(input: Partial<SlaInput> & { createdAt: string }) {
  return viewSla({ firstResponseAt: null, status: 'open' as MentionStatus, competitor: false, targetMinutes: 30, now: NOW, ...input });
}

describe('viewSla: states on exact elapsed time, as report decides them', () => {
  it.each([
    ['just posted', 'ok', ago(0), 30],
    ['a second before 80% of the target', 'ok', ago(23, 59), 30],
    ['at 80% of the target', 'due_soon', ago(24), 30],
    ['exactly at the target', 'due_soon', ago(30), 30],
    ['a millisecond past the target', 'overdue', ago(30, 0, 1), 30],
    ['30 min 24 s old', 'overdue', ago(30, 24), 30],
    ['30 min 30 s old', 'overdue', ago(30, 30), 30],
    // 80% of one minute is 48 s: whole minutes would call it ok until the minute had passed.
    ['50 s old against a 1-minute target', 'due_soon', ago(0, 50), 1],
    ['7 min 59 s old against a 10-minute target', 'ok', ago(7, 59), 10],
  ] as const)('open, %s: %s', (_what, state, createdAt, targetMinutes) => {
    expect(view({ createdAt, targetMinutes }).slaState).toBe(state);
  });

  it.each([
    ['in 6 min', 'met', after(POSTED, 6)],
    ['exactly at the target', 'met', after(POSTED, 30)],
    ['a millisecond past the target', 'missed', after(POSTED, 30, 0, 1)],
    ['30 min 30 s after the post', 'missed', after(POSTED, 30, 30)],
    // Clocks of different sources disagree: a reply "before" the post took no time.
    ['a minute before the post', 'met', after(POSTED, -1)],
  ] as const)('answered %s: %s', (_what, state, firstResponseAt) => {
    expect(view({ createdAt: POSTED, firstResponseAt, status: 'responded' }).slaState).toBe(state);
  });

  it('keeps the minute columns whole, floored', () => {
    expect(view({ createdAt: ago(30, 59, 999) })).toEqual({ ageMinutes: 30, firstResponseMinutes: null, slaState: 'overdue' });
    expect(view({ createdAt: POSTED, firstResponseAt: after(POSTED, 30, 30), status: 'responded' })).toMatchObject({
      firstResponseMinutes: 30,
      slaState: 'missed',
    });
    expect(view({ createdAt: POSTED, firstResponseAt: after(POSTED, -1), status: 'responded' }).firstResponseMinutes).toBe(0);
  });
});

describe('viewSla: mentions with nothing to answer have no state', () => {
  it.each([
    ['ignored, answered in time', { status: 'ignored', firstResponseAt: after(POSTED, 5) }],
    ['ignored, answered late', { status: 'ignored', firstResponseAt: after(POSTED, 45) }],
    ['ignored, never answered', { status: 'ignored' }],
    ["a competitor's, answered", { status: 'responded', competitor: true, firstResponseAt: after(POSTED, 5) }],
    ["a competitor's, open", { competitor: true }],
    ['a false positive, open', { falsePositive: true }],
    ['a false positive, answered', { status: 'responded', falsePositive: true, firstResponseAt: after(POSTED, 5) }],
  ] as const)('%s', (_what, input) => {
    expect(view({ createdAt: POSTED, ...input }).slaState).toBeNull();
  });

  it('still gives an ignored mention its age and response time', () => {
    expect(view({ createdAt: POSTED, status: 'ignored', firstResponseAt: after(POSTED, 45, 30) })).toEqual({
      ageMinutes: 180,
      firstResponseMinutes: 45,
      slaState: null,
    });
  });
});
