import type { Config, NamedSourceConfig } from '../config/schema.js';
import { ConfigError, SourceError, UsageError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import { SCAN_DEADLINE_MS, withDeadline } from '../http/deadline.js';
import type { Logger } from '../log.js';
import { brandAccounts, brandSearchTerms } from '../match/compile-rules.js';
import { getSource } from '../sources/index.js';
import { renamedSourceProblems, sourceIdentity } from '../sources/renamed-sources.js';
import type { FetchResult } from '../sources/source.js';
import type { Db } from '../store/open-db.js';
import { queryStoredPostIds } from '../store/query-names.js';
import { loadCursors, loadIdentities, saveScan, type SourceBatch, type SourceFailure } from '../store/save-scan.js';
import { indexBrandHandles } from '../triage/brand-handles.js';
import type { ScoredMention } from '../types.js';
import { createAnalyzer } from './analyze.js';

export interface ScanInput {
  config: Config;
  db: Db;
  http: HttpClient;
  log: Logger;
  now: () => Date;
  /** Source names to scan; all when empty. */
  only?: string[];
  /** Fetch and match, store nothing (cursors included). */
  dryRun?: boolean;
  /** How long fetching may take in all; a source still at it then fails and stores nothing. */
  deadlineMs?: number;
}

export interface SourceSummary {
  source: string;
  fetched: number;
}

export interface ScanResult {
  /** When the scan began. */
  startedAt: string;
  /** The found_at of every mention this scan stored; none on a dry run. */
  storedAt?: string;
  fetched: number;
  newPosts: number;
  newMentions: ScoredMention[];
  /** The ids of the mentions this scan stored (none on a dry run). */
  newMentionIds?: { from: number; to: number };
  sources: SourceSummary[];
  failures: SourceFailure[];
}

/** source → normalise → match → score → store, for every configured source. */
export async function scan({ config, db, http, log, now, only = [], dryRun = false, deadlineMs = SCAN_DEADLINE_MS }: ScanInput): Promise<ScanResult> {
  const startedAt = now().toISOString();
  const sources = selectSources(config.sources, only);
  const cursors = loadCursors(db);
  const identities = new Map(config.sources.map((s) => [s.name, sourceIdentity(s, config.baseDir)]));
  const renamed = renamedSourceProblems(
    config.sources.map((s) => ({ name: s.name, type: s.type, identity: identities.get(s.name)! })),
    loadIdentities(db),
    sources.map((s) => s.name),
  );
  if (renamed.length > 0) throw new ConfigError(renamed);
  const terms = brandSearchTerms(config.brands);
  const accounts = brandAccounts(config.brands);
  const scanHttp = withDeadline(http, deadlineMs);
  const fetched = await Promise.all(
    sources.map(async (config_) => {
      log.info(`fetching ${config_.name} (${config_.type})…`);
      const result = await fetchOne(config_, {
        cursor: cursors.get(config_.name) ?? null,
        http: scanHttp,
        log,
        terms,
        accounts,
        baseDir: config.baseDir,
        now: now(),
      });
      return { source: config_.name, result };
    }),
  );

  const analyzer = await createAnalyzer(config);
  const batches: SourceBatch[] = [];
  const failures: SourceFailure[] = [];
  for (const { source, result } of fetched) {
    if ('error' in result) failures.push({ source, error: result.error });
    else {
      await analyzer.prepare(result.posts);
      batches.push({ source, cursor: result.cursor, items: result.posts.map((p) => analyzer.analyze(p)) });
    }
  }
  const summaries = batches.map((b) => ({ source: b.source, fetched: b.items.length }));
  const total = summaries.reduce((n, s) => n + s.fetched, 0);
  if (dryRun) {
    // What a scan would store: posts stored already (a file read again, a feed's older items) are not new.
    const fresh = batches.flatMap((b) => {
      const stored = queryStoredPostIds(db, b.source, b.items.map((i) => i.post.id));
      return b.items.filter((i) => !stored.has(i.post.id));
    });
    return { startedAt, fetched: total, newPosts: fresh.length, newMentions: fresh.flatMap((i) => i.mentions), sources: summaries, failures };
  }
  const storedAt = now().toISOString();
  const saved = saveScan(db, { batches, failures, startedAt, at: storedAt, handles: indexBrandHandles(config.brands), identities });
  return { startedAt, storedAt, fetched: total, ...saved, sources: summaries, failures };
}

function selectSources(sources: NamedSourceConfig[], only: string[]): NamedSourceConfig[] {
  if (only.length === 0) return sources;
  const unknown = only.filter((name) => !sources.some((s) => s.name === name));
  if (unknown.length > 0) {
    const names = sources.map((s) => s.name).join(', ') || 'none configured';
    throw new UsageError(`unknown source ${unknown.map((n) => `"${n}"`).join(', ')} (configured: ${names})`);
  }
  return sources.filter((s) => only.includes(s.name));
}

type FetchOutcome = FetchResult | { error: string };

/** A failing source is data, not a throw: the others still run and are stored. */
async function fetchOne(
  config: NamedSourceConfig,
  ctx: Omit<Parameters<ReturnType<typeof getSource>['fetch']>[0], 'config'>,
): Promise<FetchOutcome> {
  try {
    const source = getSource(config.type);
    return await source.fetch({ ...ctx, config } as never);
  } catch (err) {
    if (err instanceof SourceError) return { error: err.message };
    return { error: `${config.name}: ${(err as Error).message ?? String(err)}` };
  }
}
