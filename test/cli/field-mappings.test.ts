import { describe, expect, it } from 'vitest';
import { parseFieldMappings } from '../../src/cli/commands/import.js';
import { UsageError } from '../../src/errors.js';

describe('parseFieldMappings (import --field)', () => {
  it('reads NAME=COLUMN, one or several to a value, trimmed, a column keeping its own "=" and ","', () => {
    expect(parseFieldMappings(['id=tweet_id', 'author = user.screen_name'])).toEqual({ fields: { id: 'tweet_id', author: 'user.screen_name' }, files: [] });
    expect(parseFieldMappings(['id=tweet_id,text=body,created_at=ts']).fields).toEqual({ id: 'tweet_id', text: 'body', created_at: 'ts' });
    // A comma that begins no other NAME= is the column's own.
    expect(parseFieldMappings(['text=Message, full']).fields).toEqual({ text: 'Message, full' });
    expect(parseFieldMappings(['id=tweet id,text=body,author=x,y']).fields).toEqual({ id: 'tweet id', text: 'body', author: 'x,y' });
    expect(parseFieldMappings(['id=a,text=b,']).fields).toEqual({ id: 'a', text: 'b' });
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

  it('refuses a field mapped twice to different columns', () => {
    expect(() => parseFieldMappings(['id=zzz', 'id=a'])).toThrow('--field: id is mapped twice, to "zzz" and to "a"');
    expect(() => parseFieldMappings(['id=a,id=b'])).toThrow('mapped twice');
    expect(parseFieldMappings(['id=a', 'id=a']).fields).toEqual({ id: 'a' });
  });
});
