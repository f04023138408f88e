import { describe, expect, it } from 'vitest';
import { parseFieldMappings } from '../../src/cli/commands/import.js';
import { UsageError } from '../../src/errors.js';

describe('parseFieldMappings (import --field)', () => {
  it('reads NAME=COLUMN, one or several to a value, trimmed, a column keeping its own "=" and ","', () => {
    expect(parseFieldMappings(['id=tweet_id', 'author = user.screen_name'])).toEqual({ fields: { id: 'tweet_id', author: 'user.screen_name' }, files: [] });
    expect(parseFieldMappings(['id=tweet_id,text=body,created_at=ts']).fields).toEqual({ id: 'tweet_id', text: 'body', created_at: 'ts' });
    // A part that maps nothing keeps the value whole: the column's name holds the comma.
    expect(parseFieldMappings(['text=Message, full']).fields).toEqual({ text: 'Message, full' });
    expect(parseFieldMappings(['text=a=b']).fields).toEqual({ text: 'a=b' });
  });

  it('gives back the files the option took along (`--field id=x tweets.csv`)', () => {
    expect(parseFieldMappings(['id=x', 'tweets.csv', 'more.csv'])).toEqual({ fields: { id: 'x' }, files: ['tweets.csv', 'more.csv'] });
  });

  it('refuses an unknown field or an empty column, naming the value', () => {
    expect(() => parseFieldMappings(['idd=x'])).toThrow(UsageError);
    expect(() => parseFieldMappings(['idd=x'])).toThrow(/^--field: expected NAME=COLUMN with NAME one of id, text, .*, got "idd=x"$/);
    expect(() => parseFieldMappings(['id='])).toThrow('got "id="');
    expect(() => parseFieldMappings(['id=a,text='])).toThrow('got "text="');
  });
});
