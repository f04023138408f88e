// Preloaded with --require: appends every module the process loads to the file MODULE_LOG names,
// ES modules through a resolve hook and CommonJS ones through the loader, so that a test can see
// what a command pulls in at start-up.
const { appendFileSync } = require('node:fs');
const Module = require('node:module');

const log = process.env.MODULE_LOG;
const load = Module._load;
Module._load = function (request, ...rest) {
  appendFileSync(log, `cjs ${request}\n`);
  return load.call(this, request, ...rest);
};
const hook = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, 'esm ' + resolved.url + '\\n');
  return resolved;
}`;
Module.register(`data:text/javascript,${encodeURIComponent(hook)}`);
