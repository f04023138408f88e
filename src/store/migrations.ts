/**
 * Numbered migrations, applied in order inside one transaction each. Never edit a shipped one:
 * add the next number instead, so every existing database can follow.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: posts kept whole so rules can be re-applied; one mention per post and brand.
  `
  CREATE TABLE posts (
    pk               INTEGER PRIMARY KEY,
    source           TEXT NOT NULL,
    native_id        TEXT NOT NULL,
    channel          TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    fetched_at       TEXT NOT NULL,
    author           TEXT,
    author_followers INTEGER,
    engagement       INTEGER,
    language         TEXT,
    reply_to         TEXT,
    url              TEXT,
    title            TEXT,
    text             TEXT NOT NULL,
    UNIQUE (source, native_id)
  );
  CREATE TABLE mentions (
    id              INTEGER PRIMARY KEY,
    post_pk         INTEGER NOT NULL REFERENCES posts(pk) ON DELETE CASCADE,
    brand           TEXT NOT NULL,
    competitor      INTEGER NOT NULL,
    match_kind      TEXT NOT NULL,
    variant         TEXT NOT NULL,
    matched         TEXT NOT NULL,
    span_start      INTEGER NOT NULL,
    span_end        INTEGER NOT NULL,
    distance        INTEGER NOT NULL,
    tagged          INTEGER NOT NULL,
    sentiment       TEXT NOT NULL,
    sentiment_score REAL NOT NULL,
    priority        INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open',
    created_at      TEXT NOT NULL,
    found_at        TEXT NOT NULL,
    UNIQUE (post_pk, brand)
  );
  CREATE INDEX mentions_rank ON mentions (status, competitor, priority DESC, created_at DESC);
  CREATE INDEX mentions_created ON mentions (created_at);
  CREATE TABLE source_state (
    source          TEXT PRIMARY KEY,
    cursor          TEXT,
    last_success_at TEXT,
    last_error      TEXT,
    last_error_at   TEXT
  );
  CREATE TABLE scans (
    id           INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,
    finished_at  TEXT NOT NULL,
    fetched      INTEGER NOT NULL,
    new_posts    INTEGER NOT NULL,
    new_mentions INTEGER NOT NULL,
    failures     INTEGER NOT NULL
  );
  `,
  // 2: what people decided about mentions. Current state on the mention for fast listing; every
  // change also in an append-only history keyed by (post, brand), so it survives a rematch.
  `
  ALTER TABLE mentions ADD COLUMN verdict TEXT;
  ALTER TABLE mentions ADD COLUMN assigned_to TEXT;
  CREATE TABLE mention_events (
    id      INTEGER PRIMARY KEY,
    post_pk INTEGER NOT NULL REFERENCES posts(pk) ON DELETE CASCADE,
    brand   TEXT NOT NULL,
    at      TEXT NOT NULL,
    actor   TEXT,
    action  TEXT NOT NULL,
    value   TEXT,
    note    TEXT
  );
  CREATE INDEX mention_events_target ON mention_events (post_pk, brand, at);
  `,
  // 3: threading, so a brand's reply can be found from the post it answers and the other way round.
  `
  CREATE INDEX posts_reply_to ON posts (source, reply_to) WHERE reply_to IS NOT NULL;
  `,
  // 4: what was sent to each webhook, so every alert goes out once and a failed one is retried.
  `
  CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    receiver   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL,
    brand      TEXT,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at    TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    UNIQUE (receiver, kind, key)
  );
  CREATE INDEX notifications_pending ON notifications (receiver, sent_at);
  `,
  // 5: list --brand walks one brand's open mentions in rank order instead of every brand's;
  // NOCASE because brands are matched without regard to case.
  `
  CREATE INDEX mentions_brand_rank ON mentions (brand COLLATE NOCASE, status, competitor, priority DESC, created_at DESC);
  `,
];
