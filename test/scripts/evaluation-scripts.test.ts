import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, ROOT, runScript } from '../helpers/run-cli.js';

// The evaluation scripts run on labelled data earshot does not ship. Here they run on a few items
// written by hand in each data set's shape, laid out as the shared folder lays them out, so a
// script that breaks (as eval:match did when the language detector became lazy) fails here.

/** An evaluation script from scripts/, run as `npm run eval:…` runs it. */
const runEval = (script: string, ...args: string[]): Promise<CliResult> => runScript(join(ROOT, 'scripts', script), args);

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

let shared: string;

beforeAll(() => {
  shared = mkdtempSync(join(tmpdir(), 'earshot-shared-'));
  for (const sub of ['mentions', 'sentiment', 'support']) mkdirSync(join(shared, 'data', sub), { recursive: true });
  const at = 'Tue Oct 18 21:53:25 +0000 2011';
  writeFileSync(
    join(shared, 'data/mentions/sanders.jsonl'),
    jsonl([
      // apple: two found and relevant, one relevant without a brand word (missed), one unrelated.
      { id: '1', topic: 'apple', label: 'positive', created_at: at, text: 'My new iPhone is great, thanks @apple' },
      { id: '2', topic: 'apple', label: 'negative', created_at: at, text: 'Apple support kept me waiting for an hour' },
      { id: '3', topic: 'apple', label: 'irrelevant', created_at: at, text: 'Ich habe heute einen Kuchen gebacken' },
      { id: '4', topic: 'apple', label: 'neutral', created_at: at, text: 'Queueing outside the shop for the new phone' },
      // google: one found but labelled irrelevant, one found through an alias.
      { id: '5', topic: 'google', label: 'irrelevant', created_at: at, text: 'Google it yourself, I am not your search engine #google' },
      { id: '6', topic: 'google', label: 'positive', created_at: at, text: 'Android on my new phone runs so smoothly' },
    ]),
  );
  writeFileSync(
    join(shared, 'data/sentiment/tiny-en.jsonl'),
    jsonl([
      { id: '1', lang: 'en', label: 'positive', text: 'I love this, it is wonderful and the staff were fantastic' },
      { id: '2', lang: 'en', label: 'negative', text: 'Terrible service, I hate it, the worst experience ever' },
      { id: '3', lang: 'en', label: 'positive', text: 'Great job, thank you so much, really happy with it' },
      { id: '4', lang: 'en', label: 'negative', text: 'Awful, broken again and nobody helps. Disgusting' },
    ]),
  );
  // twcs's columns, its unnamed index first; AcmeAir answers two of three tagged tweets, in 10 and 30 minutes.
  writeFileSync(
    join(shared, 'data/support/twcs-sample.csv'),
    [
      ',tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id',
      '0,1,115701,True,Tue Oct 31 10:00:00 +0000 2017,@AcmeAir my bag is lost,2,',
      '1,2,AcmeAir,False,Tue Oct 31 10:10:00 +0000 2017,@115701 Sorry to hear that. Please DM us your booking.,,1.0',
      '2,3,115702,True,Tue Oct 31 11:00:00 +0000 2017,@AcmeAir delayed again,4,',
      '3,4,AcmeAir,False,Tue Oct 31 11:30:00 +0000 2017,@115702 We apologise for the delay.,,3.0',
      '4,5,115703,True,Tue Oct 31 12:00:00 +0000 2017,@AcmeAir where is my refund,,',
      '',
    ].join('\n'),
  );
});

afterAll(() => rmSync(shared, { recursive: true, force: true }));

describe('eval:match', () => {
  it('prints precision and recall per topic, counted against the labels', async () => {
    const r = await runEval('eval-match.js', join(shared, 'data'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const asWritten = r.stdout.split('with typos')[0]!;
    expect(asWritten).toMatch(/^ {2}apple\s+4\s+1\.000\s+0\.667\s+0\.800$/m);
    expect(asWritten).toMatch(/^ {2}google\s+2\s+0\.500\s+1\.000\s+0\.667$/m);
    expect(asWritten).toMatch(/^ {2}all\s+6\s+0\.750\s+0\.750\s+0\.750$/m);
    expect(r.stdout).toMatch(/with typos \(\d+ posts/);
  });

  it('finds the data from the shared folder, its data folder, the data set folder or the file alike', async () => {
    const paths = [shared, join(shared, 'data'), join(shared, 'data/mentions'), join(shared, 'data/mentions/sanders.jsonl')];
    const outputs = await Promise.all(paths.map((d) => runEval('eval-match.js', d)));
    expect(outputs.map((o) => o.code)).toEqual([0, 0, 0, 0]);
    expect(new Set(outputs.map((o) => o.stdout)).size).toBe(1);
  });

  it('names the places it looked in when the data is not there', async () => {
    const r = await runEval('eval-match.js', join(shared, 'data/support'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('sanders.jsonl not found');
    expect(r.stderr).toContain(join(shared, 'data/support/mentions/sanders.jsonl'));
  });
});

describe('eval:sentiment', () => {
  it('scores each file beside the majority baseline, from the shared folder or the sentiment folder', async () => {
    const [fromShared, fromFolder, fromFile] = (await Promise.all(
      [shared, join(shared, 'data/sentiment'), join(shared, 'data/sentiment/tiny-en.jsonl')].map((d) => runEval('eval-sentiment.js', d)),
    )) as [CliResult, CliResult, CliResult];
    expect(fromShared.code).toBe(0);
    // File, posts, classes, majority acc/F1, natural acc/F1, earshot acc/F1: unmistakable items, all right.
    expect(fromShared.stdout).toMatch(/^tiny-en\.jsonl\s+4\s+3\s+50\.0\s+22\.2\s+[\d.]+\s+[\d.]+\s+100\.0\s+66\.7\s+\d+$/m);
    const table = (s: string) => s.replace(/\s+\d+$/gm, '');
    expect(table(fromFolder.stdout)).toBe(table(fromShared.stdout));
    expect(table(fromFile.stdout)).toBe(table(fromShared.stdout));
  });
});

describe('check:twcs', () => {
  it("compares earshot's response times with the CSV's own, from the shared folder", async () => {
    const r = await runEval('check-twcs.js', shared);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^AcmeAir\s+3\s+2\s+\|\s+3\s+2\s+20\.0\s+30\.0\s+\|\s+3\s+2\s+20\.0\s+30\.0\s+yes$/m);
    expect(r.stdout).toContain('1 of 1 brands agree');
  });
});
