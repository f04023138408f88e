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
  // 6: \`report\` from running totals instead of every mention. The post's source and channel and
  // the first response are copied onto the mention; mention_counts holds, per day, how many
  // reportable mentions (no false positives, no topics) share a brand, source, sentiment, status …;
  // triggers keep both exact on every insert, update and delete.
  `
  ALTER TABLE mentions ADD COLUMN source TEXT;
  ALTER TABLE mentions ADD COLUMN channel TEXT;
  ALTER TABLE mentions ADD COLUMN first_response_at TEXT;
  UPDATE mentions SET source = p.source, channel = p.channel FROM posts p WHERE p.pk = mentions.post_pk;
  UPDATE mentions SET first_response_at = r.at
    FROM (SELECT post_pk, brand, MIN(at) AS at FROM mention_events WHERE action = 'status' AND value = 'responded' GROUP BY post_pk, brand) r
    WHERE r.post_pk = mentions.post_pk AND r.brand = mentions.brand;

  CREATE TABLE mention_counts (
    day        TEXT NOT NULL,
    brand      TEXT NOT NULL,
    competitor INTEGER NOT NULL,
    source     TEXT NOT NULL,
    channel    TEXT NOT NULL,
    sentiment  TEXT NOT NULL,
    tagged     INTEGER NOT NULL,
    status     TEXT NOT NULL,
    assigned   INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (day, brand, competitor, source, channel, sentiment, tagged, status, assigned)
  ) WITHOUT ROWID;
  INSERT INTO mention_counts
    SELECT COALESCE(date(created_at), substr(created_at, 1, 10)), brand, competitor, source, channel, sentiment, tagged, status, assigned_to IS NOT NULL, COUNT(*)
    FROM mentions WHERE verdict IS NOT 'false-positive' AND match_kind != 'topic'
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

  CREATE TRIGGER mention_counts_add AFTER INSERT ON mentions
    WHEN NEW.verdict IS NOT 'false-positive' AND NEW.match_kind != 'topic'
  BEGIN
    INSERT INTO mention_counts VALUES (COALESCE(date(NEW.created_at), substr(NEW.created_at, 1, 10)), NEW.brand, NEW.competitor, NEW.source, NEW.channel,
      NEW.sentiment, NEW.tagged, NEW.status, NEW.assigned_to IS NOT NULL, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER mention_counts_remove AFTER DELETE ON mentions
    WHEN OLD.verdict IS NOT 'false-positive' AND OLD.match_kind != 'topic'
  BEGIN
    UPDATE mention_counts SET n = n - 1
      WHERE day = COALESCE(date(OLD.created_at), substr(OLD.created_at, 1, 10)) AND brand = OLD.brand AND competitor = OLD.competitor AND source = OLD.source
        AND channel = OLD.channel AND sentiment = OLD.sentiment AND tagged = OLD.tagged AND status = OLD.status
        AND assigned = (OLD.assigned_to IS NOT NULL);
  END;
  CREATE TRIGGER mention_counts_change_old AFTER UPDATE OF brand, competitor, source, channel, sentiment, tagged, status,
      assigned_to, verdict, match_kind, created_at ON mentions
    WHEN OLD.verdict IS NOT 'false-positive' AND OLD.match_kind != 'topic'
  BEGIN
    UPDATE mention_counts SET n = n - 1
      WHERE day = COALESCE(date(OLD.created_at), substr(OLD.created_at, 1, 10)) AND brand = OLD.brand AND competitor = OLD.competitor AND source = OLD.source
        AND channel = OLD.channel AND sentiment = OLD.sentiment AND tagged = OLD.tagged AND status = OLD.status
        AND assigned = (OLD.assigned_to IS NOT NULL);
  END;
  CREATE TRIGGER mention_counts_change_new AFTER UPDATE OF brand, competitor, source, channel, sentiment, tagged, status,
      assigned_to, verdict, match_kind, created_at ON mentions
    WHEN NEW.verdict IS NOT 'false-positive' AND NEW.match_kind != 'topic'
  BEGIN
    INSERT INTO mention_counts VALUES (COALESCE(date(NEW.created_at), substr(NEW.created_at, 1, 10)), NEW.brand, NEW.competitor, NEW.source, NEW.channel,
      NEW.sentiment, NEW.tagged, NEW.status, NEW.assigned_to IS NOT NULL, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER mentions_first_response AFTER INSERT ON mention_events
    WHEN NEW.action = 'status' AND NEW.value = 'responded'
  BEGIN
    UPDATE mentions SET first_response_at = NEW.at
      WHERE post_pk = NEW.post_pk AND brand = NEW.brand AND (first_response_at IS NULL OR first_response_at > NEW.at);
  END;

  -- Own brands' first responses in a period, brand by brand, read without touching the mentions.
  CREATE INDEX mentions_answered ON mentions (brand, created_at, tagged, channel, status, first_response_at)
    WHERE first_response_at IS NOT NULL AND competitor = 0 AND verdict IS NOT 'false-positive' AND match_kind != 'topic';
  -- The open backlog of own brands, oldest first: overdue mentions and the newest not yet due.
  CREATE INDEX mentions_open_age ON mentions (created_at, brand, channel) WHERE status = 'open' AND competitor = 0;
  -- Top authors: posts from the most followed down, and one author's posts.
  CREATE INDEX posts_reach ON posts (author_followers DESC, author) WHERE author IS NOT NULL AND author_followers IS NOT NULL;
  CREATE INDEX posts_author ON posts (author) WHERE author IS NOT NULL;
  `,
  // 7: \`report\` reads response times and top authors from indexes. Each answered mention keeps
  // its response time in whole milliseconds, so percentiles need no date parsing and the answered
  // index holds every column the report reads (SQLite reads a generated column from the table,
  // never from an index, so it is a plain column kept by triggers). author_totals holds each
  // author's mentions of own brands of all time: an upper bound of their mentions in any period,
  // which lets the report stop walking authors once no one further down can enter the top.
  `
  ALTER TABLE mentions ADD COLUMN response_ms INTEGER;
  UPDATE mentions SET response_ms = max(0, round((unixepoch(first_response_at, 'subsec') - unixepoch(created_at, 'subsec')) * 1000))
    WHERE first_response_at IS NOT NULL;
  CREATE TRIGGER mentions_response_ms_add AFTER INSERT ON mentions
    WHEN NEW.first_response_at IS NOT NULL
  BEGIN
    UPDATE mentions SET response_ms = max(0, round((unixepoch(NEW.first_response_at, 'subsec') - unixepoch(NEW.created_at, 'subsec')) * 1000))
      WHERE id = NEW.id;
  END;
  CREATE TRIGGER mentions_response_ms_change AFTER UPDATE OF first_response_at, created_at ON mentions
  BEGIN
    UPDATE mentions SET response_ms = max(0, round((unixepoch(NEW.first_response_at, 'subsec') - unixepoch(NEW.created_at, 'subsec')) * 1000))
      WHERE id = NEW.id;
  END;
  DROP INDEX mentions_answered;
  CREATE INDEX mentions_answered ON mentions (brand, created_at, tagged, channel, status, response_ms, competitor, verdict, match_kind)
    WHERE response_ms IS NOT NULL AND competitor = 0 AND verdict IS NOT 'false-positive' AND match_kind != 'topic';

  CREATE TABLE author_totals (
    author TEXT PRIMARY KEY,
    n      INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO author_totals
    SELECT p.author, COUNT(*) FROM mentions m JOIN posts p ON p.pk = m.post_pk
    WHERE p.author IS NOT NULL AND m.competitor = 0 GROUP BY p.author;
  CREATE INDEX author_totals_top ON author_totals (n DESC);
  CREATE TRIGGER author_totals_add AFTER INSERT ON mentions
    WHEN NEW.competitor = 0
  BEGIN
    INSERT INTO author_totals SELECT author, 1 FROM posts WHERE pk = NEW.post_pk AND author IS NOT NULL
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER author_totals_remove AFTER DELETE ON mentions
    WHEN OLD.competitor = 0
  BEGIN
    UPDATE author_totals SET n = n - 1 WHERE author = (SELECT author FROM posts WHERE pk = OLD.post_pk);
  END;
  CREATE TRIGGER author_totals_change AFTER UPDATE OF competitor ON mentions
    WHEN OLD.competitor != NEW.competitor
  BEGIN
    INSERT INTO author_totals SELECT author, CASE NEW.competitor WHEN 0 THEN 1 ELSE 0 END FROM posts WHERE pk = NEW.post_pk AND author IS NOT NULL
      ON CONFLICT DO UPDATE SET n = n + CASE NEW.competitor WHEN 0 THEN 1 ELSE -1 END;
  END;
  `,
  // 8: median and p90 of first response by rank. The answered mentions of a brand in response-time
  // order: SQLite steps to the rank wanted inside the index instead of collecting and sorting every
  // answered mention of the period.
  `
  CREATE INDEX mentions_response ON mentions (brand, response_ms, created_at, tagged, status, channel, competitor, verdict, match_kind)
    WHERE response_ms IS NOT NULL AND competitor = 0 AND verdict IS NOT 'false-positive' AND match_kind != 'topic';
  `,
  // 9: new mentions are added to the running totals once per transaction, by the code that
  // inserts them (src/store/mention-totals.ts), instead of by a trigger per row: the two insert
  // triggers cost about 15 µs per mention, a fifth of storing an import. Update and delete
  // triggers stay.
  `
  DROP TRIGGER mention_counts_add;
  DROP TRIGGER author_totals_add;
  `,
  // 10: the report reads each brand's answered mentions from mentions_response alone, in
  // response-time order; the period index of migration 7 is no longer read, only kept up.
  `
  DROP INDEX mentions_answered;
  `,
  // 11: top authors from the mentions alone. Each mention keeps its post's author and follower
  // count (stored once, never changed), indexed for own brands; the two indexes over every post
  // go. An import wrote them for the four posts in five that mention nothing (storing a million
  // analysed posts: 2.4–3.4 s of 15–17), and the report joined posts for each author it counted.
  `
  ALTER TABLE mentions ADD COLUMN author TEXT;
  ALTER TABLE mentions ADD COLUMN author_followers INTEGER;
  UPDATE mentions SET author = p.author, author_followers = p.author_followers FROM posts p WHERE p.pk = mentions.post_pk;
  CREATE INDEX mentions_author ON mentions (author) WHERE author IS NOT NULL AND competitor = 0;
  CREATE INDEX mentions_reach ON mentions (author_followers DESC, author)
    WHERE author_followers IS NOT NULL AND author IS NOT NULL AND competitor = 0;
  DROP INDEX posts_reach;
  DROP INDEX posts_author;
  DROP TRIGGER author_totals_remove;
  CREATE TRIGGER author_totals_remove AFTER DELETE ON mentions
    WHEN OLD.competitor = 0 AND OLD.author IS NOT NULL
  BEGIN
    UPDATE author_totals SET n = n - 1 WHERE author = OLD.author;
  END;
  DROP TRIGGER author_totals_change;
  CREATE TRIGGER author_totals_change AFTER UPDATE OF competitor ON mentions
    WHEN OLD.competitor != NEW.competitor AND NEW.author IS NOT NULL
  BEGIN
    INSERT INTO author_totals VALUES (NEW.author, CASE NEW.competitor WHEN 0 THEN 1 ELSE 0 END)
      ON CONFLICT DO UPDATE SET n = n + CASE NEW.competitor WHEN 0 THEN 1 ELSE -1 END;
  END;
  `,
  // 12: the report's response times from each brand's answered mentions in date order again, with
  // the response time third. A report over a day or a week (the default) then reads that period's
  // answered mentions alone; in response-time order it read the brand's whole history, filtering
  // by date (1M mentions: a day 30 → 5 ms, a week 40 → 18 ms; the whole history 70 → 77 ms,
  // now sorted in memory). Answered mentions only: an import of new posts does not write it.
  // mention_totals: the running totals of all time, without the day, kept with mention_counts.
  // The open backlog is all time: summing it per day read every day's open totals, which grows
  // with the history (a month of 1M mentions: 20 ms, and more for every month kept). A period that
  // covers most of the history is the totals of all time less the days before it.
  `
  DROP INDEX mentions_response;
  CREATE INDEX mentions_answered ON mentions (brand, created_at, response_ms, tagged, channel, status, competitor, verdict, match_kind)
    WHERE response_ms IS NOT NULL AND competitor = 0 AND verdict IS NOT 'false-positive' AND match_kind != 'topic';

  CREATE TABLE mention_totals (
    status     TEXT NOT NULL,
    competitor INTEGER NOT NULL,
    brand      TEXT NOT NULL,
    source     TEXT NOT NULL,
    channel    TEXT NOT NULL,
    sentiment  TEXT NOT NULL,
    tagged     INTEGER NOT NULL,
    assigned   INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (status, competitor, brand, source, channel, sentiment, tagged, assigned)
  ) WITHOUT ROWID;
  INSERT INTO mention_totals
    SELECT status, competitor, brand, source, channel, sentiment, tagged, assigned, SUM(n) FROM mention_counts
    GROUP BY status, competitor, brand, source, channel, sentiment, tagged, assigned;

  DROP TRIGGER mention_counts_remove;
  CREATE TRIGGER mention_counts_remove AFTER DELETE ON mentions
    WHEN OLD.verdict IS NOT 'false-positive' AND OLD.match_kind != 'topic'
  BEGIN
    UPDATE mention_counts SET n = n - 1
      WHERE day = COALESCE(date(OLD.created_at), substr(OLD.created_at, 1, 10)) AND brand = OLD.brand AND competitor = OLD.competitor AND source = OLD.source
        AND channel = OLD.channel AND sentiment = OLD.sentiment AND tagged = OLD.tagged AND status = OLD.status
        AND assigned = (OLD.assigned_to IS NOT NULL);
    UPDATE mention_totals SET n = n - 1
      WHERE status = OLD.status AND competitor = OLD.competitor AND brand = OLD.brand AND source = OLD.source
        AND channel = OLD.channel AND sentiment = OLD.sentiment AND tagged = OLD.tagged AND assigned = (OLD.assigned_to IS NOT NULL);
  END;
  DROP TRIGGER mention_counts_change_old;
  CREATE TRIGGER mention_counts_change_old AFTER UPDATE OF brand, competitor, source, channel, sentiment, tagged, status,
      assigned_to, verdict, match_kind, created_at ON mentions
    WHEN OLD.verdict IS NOT 'false-positive' AND OLD.match_kind != 'topic'
  BEGIN
    UPDATE mention_counts SET n = n - 1
      WHERE day = COALESCE(date(OLD.created_at), substr(OLD.created_at, 1, 10)) AND brand = OLD.brand AND competitor = OLD.competitor AND source = OLD.source
        AND channel = OLD.channel AND sentiment = OLD.sentiment AND tagged = OLD.tagged AND status = OLD.status
        AND assigned = (OLD.assigned_to IS NOT NULL);
    UPDATE mention_totals SET n = n - 1
      WHERE status = OLD.status AND competitor = OLD.competitor AND brand = OLD.brand AND source = OLD.source
        AND channel = OLD.channel AND sentiment = OLD.sentiment AND tagged = OLD.tagged AND assigned = (OLD.assigned_to IS NOT NULL);
  END;
  DROP TRIGGER mention_counts_change_new;
  CREATE TRIGGER mention_counts_change_new AFTER UPDATE OF brand, competitor, source, channel, sentiment, tagged, status,
      assigned_to, verdict, match_kind, created_at ON mentions
    WHEN NEW.verdict IS NOT 'false-positive' AND NEW.match_kind != 'topic'
  BEGIN
    INSERT INTO mention_counts VALUES (COALESCE(date(NEW.created_at), substr(NEW.created_at, 1, 10)), NEW.brand, NEW.competitor, NEW.source, NEW.channel,
      NEW.sentiment, NEW.tagged, NEW.status, NEW.assigned_to IS NOT NULL, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO mention_totals VALUES (NEW.status, NEW.competitor, NEW.brand, NEW.source, NEW.channel, NEW.sentiment, NEW.tagged,
      NEW.assigned_to IS NOT NULL, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  `,
  // 13: the date index carries what a period's top authors are counted by, so a scan of a week
  // reads the index alone instead of looking up each mention's row (1M mentions, the default
  // week's 173,000 own mentions: 112 → 52 ms). It still starts with created_at, so everything that
  // read it by date does as before; it is ~11 bytes a mention larger.
  `
  DROP INDEX mentions_created;
  CREATE INDEX mentions_created ON mentions (created_at, competitor, author, author_followers, verdict, match_kind);
  `,
  // 14: a mention's id is never given to another. SQLite numbers a new row one past the largest
  // id left, so after rematch removed the newest mentions their ids went to the next ones found,
  // and an id in a webhook, a note or a list pointed at another post. Removed mentions are kept
  // here by post and brand: ids continue past the largest ever given, and a mention that comes
  // back (a rule changed back) gets its old id again.
  `
  CREATE TABLE removed_mentions (
    id      INTEGER PRIMARY KEY,
    post_pk INTEGER NOT NULL,
    brand   TEXT NOT NULL,
    UNIQUE (post_pk, brand)
  );
  CREATE TRIGGER mentions_removed AFTER DELETE ON mentions
  BEGIN
    INSERT OR REPLACE INTO removed_mentions (id, post_pk, brand) VALUES (OLD.id, OLD.post_pk, OLD.brand);
  END;
  -- Ids removed before this, but already sent in a webhook, are never given out either: the
  -- largest of them is kept under no post.
  INSERT INTO removed_mentions (id, post_pk, brand)
    SELECT MAX(json_extract(payload, '$.id')), 0, '' FROM notifications WHERE kind = 'mention'
    HAVING MAX(json_extract(payload, '$.id')) > COALESCE((SELECT MAX(id) FROM mentions), 0);
  `,
  // 15: mentions answered and then reopened. The target is for the first response, so such a
  // mention is met or missed, never overdue: the report leaves them out of its overdue count, as
  // list does. Few are ever reopened, so this index is small and the report reads it whole.
  `
  CREATE INDEX mentions_reopened ON mentions (created_at, brand, channel)
    WHERE status = 'open' AND response_ms IS NOT NULL AND competitor = 0;
  `,
  // 16: webhooks are named by a digest of their URL (receiver-key.ts), not the URL: its path is
  // its secret, and the database is backed up and shared. SQLite has no digest of its own, so
  // migrate() provides earshot_receiver_key. '' is the exit code's own receiver, not a URL.
  // secure_delete zeroes what the update frees, so the URLs do not linger in free space.
  `
  PRAGMA secure_delete = ON;
  UPDATE notifications SET receiver = earshot_receiver_key(receiver) WHERE receiver != '' AND receiver NOT LIKE 'sha256:%';
  PRAGMA secure_delete = OFF;
  `,
  // 17: a digest of each source's settings when last scanned (sources/renamed-sources.ts): a
  // source without a name is named by its place among those of its type, so adding, removing or
  // moving one can hand a name to another source, and its history with it.
  // And when each own brand's first mention was found: spikes are measured from then, and
  // finding it among the mentions took a scan of all of them on every alerting scan (~0.5 s at 1M).
  `
  ALTER TABLE source_state ADD COLUMN identity TEXT;
  CREATE TABLE brand_first_found (
    brand    TEXT PRIMARY KEY,
    found_at TEXT NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO brand_first_found (brand, found_at)
    SELECT brand, MIN(found_at) FROM mentions WHERE competitor = 0 AND match_kind != 'topic' GROUP BY brand;
  CREATE TRIGGER brand_first_found_add AFTER INSERT ON mentions
    WHEN NEW.competitor = 0 AND NEW.match_kind != 'topic'
  BEGIN
    INSERT INTO brand_first_found (brand, found_at) VALUES (NEW.brand, NEW.found_at)
      ON CONFLICT (brand) DO UPDATE SET found_at = excluded.found_at WHERE excluded.found_at < found_at;
  END;
  `,
  // 18: other ids of a stored post. X gives each edit of a post a new id; the post is stored
  // under its first, and a brand's reply to the edit names the edit's id.
  `
  CREATE TABLE post_aliases (
    source    TEXT NOT NULL,
    native_id TEXT NOT NULL,
    post_pk   INTEGER NOT NULL REFERENCES posts(pk) ON DELETE CASCADE,
    PRIMARY KEY (source, native_id)
  ) WITHOUT ROWID;
  CREATE INDEX post_aliases_post ON post_aliases (post_pk);
  `,
];
