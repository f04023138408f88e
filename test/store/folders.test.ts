import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EarshotError } from '../../src/errors.js';
import { makeFolders, notAFolder } from '../../src/folders.js';
import { openDb } from '../../src/store/open-db.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'earshot-folders-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('makeFolders', () => {
  it('makes each missing folder down to the deepest, and leaves existing ones be', () => {
    makeFolders(join(dir, 'a', 'b', 'c'));
    expect(statSync(join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
    expect(() => makeFolders(join(dir, 'a', 'b'))).not.toThrow();
  });
});

describe('makeFolders: errors', () => {
  it('a dangling link on the way is the error mkdir gave, not one about a later stat', () => {
    symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
    expect(() => makeFolders(join(dir, 'dangling'))).toThrow(/EEXIST/);
  });
});

describe('notAFolder', () => {
  it('names the file that stands where a folder is needed, at any depth', () => {
    writeFileSync(join(dir, 'f'), '');
    expect(notAFolder(join(dir, 'f', 'x.db'))).toBe(`${join(dir, 'f')} is a file, not a folder`);
    expect(notAFolder(join(dir, 'f', 'g', 'h', 'x.db'))).toBe(`${join(dir, 'f')} is a file, not a folder`);
  });

  it('says nothing when the folders are folders, not there yet, or cannot be told (a loop of links)', () => {
    expect(notAFolder(join(dir, 'x.db'))).toBeUndefined();
    expect(notAFolder(join(dir, 'new', 'x.db'))).toBeUndefined();
    symlinkSync('loop', join(dir, 'loop'));
    expect(notAFolder(join(dir, 'loop', 'x.db'))).toBeUndefined();
  });

  it('a database under a loop of links is one line naming it, not an internal error', () => {
    symlinkSync('loop', join(dir, 'loop'));
    expect(() => openDb({ path: join(dir, 'loop', 'x.db') })).toThrow(new EarshotError(`${join(dir, 'loop', 'x.db')}: cannot open database: ELOOP: too many symbolic links encountered, stat '${join(dir, 'loop')}'`));
  });
});
