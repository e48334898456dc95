// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside each text and
// .wasm file of a built site, for web servers that serve precompressed files (nginx
// `brotli_static` / `gzip_static`, Caddy `file_server { precompressed br gzip }`, and others).
// Servers that do not look for them ignore them. Brotli makes the download ~19% smaller than
// gzip (measured on the release .wasm: 196 KB against 243 KB), ~0.25 s less on slow 4G.
// Usage: node scripts/precompress.mjs [dir=dist]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = process.argv[2] || 'dist';
const COMPRESSIBLE = /\.(html|js|wasm|css|svg|json)$/;
let raw = 0; let br = 0; let gz = 0;
for (const name of fs.readdirSync(dir)) {
  const file = path.join(dir, name);
  if (!COMPRESSIBLE.test(name) || !fs.statSync(file).isFile()) continue;
  const body = fs.readFileSync(file);
  const brotli = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  const gzip = zlib.gzipSync(body, { level: 9 });
  // A compressed copy that is not smaller would only cost the server a lookup.
  if (brotli.length < body.length) fs.writeFileSync(`${file}.br`, brotli);
  if (gzip.length < body.length) fs.writeFileSync(`${file}.gz`, gzip);
  raw += body.length; br += Math.min(brotli.length, body.length); gz += Math.min(gzip.length, body.length);
}
const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
console.log(`precompress: ${dir}: ${kb(raw)} raw, ${kb(gz)} gzip (.gz), ${kb(br)} brotli (.br)`);
