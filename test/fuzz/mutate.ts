/** Seeded mutations of fixture inputs for the parser fuzz tests. */
export type Rand = () => number;

const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** Byte sequences parsers find awkward: invalid UTF-8, BOMs, NULs, escapes, entities, deep nesting. */
const NASTY: Buffer[] = [
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc3]),
  Buffer.from([0xed, 0xa0, 0x80]), // a lone surrogate, encoded
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from([0x00]),
  Buffer.from('\u001b]0;owned\u0007\u001b[2J'),
  Buffer.from('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'),
  Buffer.from('<!ENTITY xxe SYSTEM "file:///etc/passwd">&xxe;'),
  Buffer.from('"'),
  Buffer.from(','),
  Buffer.from('\r\n'),
  Buffer.from('\nFrom someone@example.com Mon Jan  1 00:00:00 2026\n'),
  Buffer.from('-->'),
  Buffer.from('{"a":'.repeat(50)),
  Buffer.from('['.repeat(3000)),
  Buffer.from('x'.repeat(70_000)),
];

/** Byte-level damage: truncation, flipped and inserted bytes, duplicated slices. */
export function mutateBytes(rand: Rand, input: Buffer): Buffer {
  let data = Buffer.from(input);
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (data.length + 1));
    switch (Math.floor(rand() * 5)) {
      case 0:
        data = data.subarray(0, at);
        break;
      case 1:
        if (data.length > 0) data[Math.min(at, data.length - 1)] = Math.floor(rand() * 256);
        break;
      case 2:
        data = Buffer.concat([data.subarray(0, at), pick(rand, NASTY), data.subarray(at)]);
        break;
      case 3: {
        const len = Math.floor(rand() * 200);
        data = Buffer.concat([data.subarray(0, at), data.subarray(at, at + len), data.subarray(at)]);
        break;
      }
      default:
        data = Buffer.concat([data.subarray(0, at), data.subarray(at + Math.floor(rand() * 50))]);
    }
  }
  return data;
}

const ODD_VALUES: unknown[] = [null, 0, -1, 1e308, 1.5, '', ' ', 'x'.repeat(100_000), true, [], {}, [null], { id: null }, '\u001b[31mred', '2026-13-45', 'NaN', '9'.repeat(40)];

/** Structural damage to parsed JSON: keys deleted, values of the wrong type, items duplicated. */
export function mutateJson(rand: Rand, value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) {
    const out = value.map((v) => (rand() < 0.3 ? mutateJson(rand, v, depth + 1) : v));
    if (out.length > 0 && rand() < 0.2) out.push(out[Math.floor(rand() * out.length)]); // a duplicated id
    if (rand() < 0.05) return pick(rand, ODD_VALUES);
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = rand();
      if (r < 0.08) continue;
      out[k] = r < 0.16 ? pick(rand, ODD_VALUES) : r < 0.5 ? mutateJson(rand, v, depth + 1) : v;
    }
    return out;
  }
  return rand() < 0.1 ? pick(rand, ODD_VALUES) : value;
}

/** JSON text damaged structurally, then sometimes at the byte level too. */
export function mutateJsonText(rand: Rand, text: string): Buffer {
  const structural = Buffer.from(JSON.stringify(mutateJson(rand, JSON.parse(text))));
  return rand() < 0.3 ? mutateBytes(rand, structural) : structural;
}
