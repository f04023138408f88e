/**
 * zod and js-yaml, for everything in earshot that validates or reads YAML. One module, so that
 * the build bundles the two into one file (scripts/bundle-libs.js): loading their ~170 separate
 * module files was most of the start-up of every command that reads earshot.yaml. (`yaml`, for
 * positions and writing YAML, is loaded apart and only when needed: read-yaml.ts.)
 */
import type * as zod from 'zod';
import {
  array,
  boolean,
  discriminatedUnion,
  enum as enumOf,
  literal,
  NEVER,
  number,
  object,
  strictObject,
  string,
  toJSONSchema,
  union,
  unknown,
  url,
} from 'zod';

/**
 * The parts of zod earshot uses, under zod's own names. Named one by one so that the bundle holds
 * only these: zod's namespace brings its 40 locales along, which doubled the bundle (880 → 416 KB)
 * and the time to load it (20 → 10 ms, with the code cache).
 */
export const z = { array, boolean, discriminatedUnion, enum: enumOf, literal, NEVER, number, object, strictObject, string, toJSONSchema, union, unknown, url };

// zod's types under the same names, so that `z.infer<…>` and the like read as in zod's documentation.
export declare namespace z {
  export type infer<T> = zod.infer<T>;
  export type output<T> = zod.output<T>;
  export type ZodType<O = unknown> = zod.ZodType<O>;
  export type ZodOptional<T extends zod.core.SomeType = zod.core.$ZodType> = zod.ZodOptional<T>;
  export namespace core {
    export type $ZodIssue = zod.core.$ZodIssue;
  }
}

export { getScalarValue, load as loadYaml, parseEvents } from 'js-yaml';
