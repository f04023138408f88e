/** What `earshot init` writes: a working config that teaches every key by example. */
export const STARTER_CONFIG = `# earshot configuration. Docs: README.md ("Configuration").
# Secrets never go in this file: write \${VAR} and set VAR in the environment.

# Where mentions are stored (relative to this file). --db FILE overrides it.
db: earshot.db

# What your customers write in: language detection, spelling dictionaries, sentiment.
languages: [en]

brands:
  - name: Acme                      # matched in any case, with or without diacritics
    handles: ["@acme", "@AcmeHelp"] # a post that @-tags one of these is "tagged"
    aliases: [Acme Cloud, ACME Sync] # nicknames, abbreviations, product names
    hashtags: ["#AcmeFail"]         # #Acme... CamelCase hashtags are found anyway
    domains: [acme.example]         # links to these count as mentions
    exclude: [acme anvil]           # a post containing one of these phrases is not a mention
    fuzzy: auto                     # misspellings: auto (scaled to length), off, or max edits 0-3
    # context: [cloud, sync, app]   # for a name that is also a common word: one must appear too
    # caseSensitive: true           # match the name only as cased here

  - name: Globex
    competitor: true                # tracked for comparison; hidden from "list" unless --all

# Conversations worth joining that name no brand.
# topics:
#   - name: backup-advice
#     query: '("where do you keep" OR "looking for") NEAR/5 backups'

sources:
  # RSS 2.0, Atom (Google Alerts, Reddit .rss search) or JSON Feed, over HTTP or from a file.
  - type: feed
    name: acme-alerts
    url: https://www.google.com/alerts/feeds/00000000000000000000/00000000000000000000

  # Hacker News stories and comments. The query defaults to your brand names and aliases.
  - type: hackernews
    name: hn

  # More: mastodon, bluesky, reddit, stackexchange, github, youtube, x, email, transcript.
  # See README.md ("Sources") for each one's keys. Credentials always as \${ENV_VAR}:
  # - type: mastodon
  #   hashtags: [Acme]
  #   token: \${MASTODON_TOKEN}

  # JSONL, CSV or TSV exported from anywhere. Default fields: id, text, author, created_at, url.
  # - type: file
  #   path: exports/posts.csv
  #   fields: { id: tweet_id, created_at: timestamp }
`;
