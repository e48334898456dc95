// Trunk post-build hook (Trunk.toml): moves the preloads of the app's JS glue and .wasm to the
// top of <head>, without `integrity`, so the browser starts the .wasm download as soon as the
// first bytes of index.html arrive.
//
// Why (measured with tests/site/start.mjs, slow 4G + 4x CPU): where trunk puts them, after the
// stylesheet and the inline scripts, the .wasm request went out at ~450-700 ms; and a preload
// with `integrity` is not reused by wasm-bindgen's `fetch()` of the same URL (which carries no
// integrity), so the download only started when init() ran. Moved and without integrity it
// starts at ~300 ms, and the app starts ~150-200 ms sooner. The stylesheet and the scripts keep
// their integrity attributes.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('preload-first: TRUNK_STAGING_DIR is not set (run as a trunk hook)');
  process.exit(1);
}
const file = path.join(dir, 'index.html');
const html = fs.readFileSync(file, 'utf8');
const preloads = html.match(/<link\b[^>]*\brel="?(?:modulepreload|preload)"?[^>]*>/g) || [];
if (preloads.length === 0) {
  // Nothing to move (e.g. a build without preloads): leave the page as trunk wrote it.
  process.exit(0);
}
let out = html;
for (const link of preloads) out = out.replace(link, '');
const moved = preloads.map((l) => l.replace(/\s+integrity=("[^"]*"|\S+?)(?=[\s>])/, '')).join('');
const charset = out.match(/<meta\b[^>]*\bcharset=[^>]*>/i);
if (!charset) {
  console.error('preload-first: no <meta charset> in index.html');
  process.exit(1);
}
out = out.replace(charset[0], charset[0] + moved);
fs.writeFileSync(file, out);
console.log(`preload-first: moved ${preloads.length} preload link(s) to the top of <head>`);
