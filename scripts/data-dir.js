// Where a data set lies under the folder an evaluation script was given. The scripts accept the
// shared folder itself, its data/ folder, or the data set's own folder, so one path serves all of
// them: `npm run eval:match -- ../shared`, `-- ../shared/data` and `-- ../shared/data/mentions`
// find the same file. A file given itself is taken as it is.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The folders tried for a data set in `subfolder` (mentions, sentiment, support): `dir`, then two below it. */
function candidates(dir, subfolder) {
  const base = resolve(dir);
  return [base, join(base, subfolder), join(base, 'data', subfolder)];
}

/** The first `name` found in `dir` or the folders tried below it, or null; `tried` names them all for an error. */
export function findDataFile(dir, subfolder, name) {
  if (isFile(dir)) return { file: dir, tried: [dir] };
  const tried = candidates(dir, subfolder).map((folder) => join(folder, name));
  return { file: tried.find((file) => existsSync(file)) ?? null, tried };
}

/** The first of `dir` and the folders tried below it that holds a file `holds` accepts; else `dir`. */
export function findDataFolder(dir, subfolder, holds) {
  for (const folder of candidates(dir, subfolder)) {
    try {
      if (statSync(folder).isDirectory() && holds(folder)) return folder;
    } catch {
      // Not there: try the next.
    }
  }
  return dir;
}

export function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
