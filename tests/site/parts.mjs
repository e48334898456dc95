// The built site's code, by when the browser downloads it (issue 26): the first download (the
// main .wasm, its JS glue and the chunk loader) and the chunks loaded when first used
// (scripts/split-wasm.mjs makes them; src/chunks.rs says which). Sizes as a static host sends
// them: gzip level 9 here, brotli where asked.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { brotli } from '../../scripts/precompress.mjs';

/** Whether `file` is part of the first download (else a chunk). */
export function isFirst(file) {
  return /^kafka-sandbox-[0-9a-f]+(_bg\.wasm|\.js)$/.test(file) || /^__wasm_split-[0-9a-f]+\.js$/.test(file);
}

/** Every .wasm, .js and catalogue file of `dir`: { file, first, raw, gzip, brotli }, first download first. */
export function parts(dir) {
  return fs
    .readdirSync(dir)
    // Code, and the catalogues that are data (scripts/catalogues.mjs: Korean, when it is used).
    .filter((f) => /\.(wasm|js)$/.test(f) || /^locales-[a-z]+-[0-9a-f]+\.txt$/.test(f))
    .map((f) => {
      const body = fs.readFileSync(path.join(dir, f));
      return { file: f, first: isFirst(f), raw: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length, brotli: brotli(body).length };
    })
    .sort((a, b) => Number(b.first) - Number(a.first) || b.gzip - a.gzip);
}

/** Sums of `key` over the first download and over the chunks. */
export function totals(rows, key) {
  const sum = (xs) => xs.reduce((s, r) => s + r[key], 0);
  return { first: sum(rows.filter((r) => r.first)), chunks: sum(rows.filter((r) => !r.first)) };
}
