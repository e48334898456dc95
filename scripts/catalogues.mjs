// Trunk post-build hook (Trunk.toml), for the hosted site's build only (KS_SPLIT=1, set by
// `ks_site` in scripts/env.sh, which also builds with `--cfg ks_split`): there the app has only
// English built in (every key's fallback), and each other language's catalogue is data, one
// file fetched when the page needs it (src/i18n.rs `Lang::built_in`, src/ui/language.rs
// `load_catalogue`). This writes that file, `locales-<lang>-<hash>.txt`, the locale's files one
// after the other in src/i18n.rs' `FILES` order, and names it in index.html
// (`<meta name="ks-catalogue" data-lang=… content=…>`), where the page's first script fetches
// it beside the .wasm when the page opens in that language. Prints its size.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { siteHook } from './site-hook.mjs';

const { fail, staging, root } = siteHook('catalogues', 'every catalogue is built in');

// The files' order is the app's (`FILES` in src/i18n.rs), so the bundle is the same catalogue.
const i18n = fs.readFileSync(path.join(root, 'src', 'i18n.rs'), 'utf8');
const list = /pub const FILES: &\[&str\] =\s*&\[([^\]]*)\]/.exec(i18n) || fail('no `FILES` list in src/i18n.rs');
const files = [...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
if (files.length === 0) fail('`FILES` in src/i18n.rs is empty');

const metas = [];
for (const lang of fs.readdirSync(path.join(root, 'locales')).sort()) {
  if (lang === 'en') continue; // built in
  const text = files.map((f) => fs.readFileSync(path.join(root, 'locales', lang, f), 'utf8')).join('\n');
  const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
  const name = `locales-${lang}-${hash}.txt`; // .txt: every static host serves it as text, compressed
  for (const old of fs.readdirSync(staging).filter((f) => f.startsWith(`locales-${lang}-`))) fs.rmSync(path.join(staging, old));
  fs.writeFileSync(path.join(staging, name), text);
  metas.push(`<meta name="ks-catalogue" data-lang="${lang}" content="${name}">`);
  const gz = zlib.gzipSync(Buffer.from(text), { level: 9 }).length;
  console.log(`catalogues: ${name} ${(gz / 1024).toFixed(1)} KB gzip (${(text.length / 1024).toFixed(1)} KB), fetched when the page is in ${lang}`);
}

// In <head>, before the body's first script reads it.
const indexFile = path.join(staging, 'index.html');
let index = fs.readFileSync(indexFile, 'utf8').replace(/<meta name="ks-catalogue"[^>]*>\n?/g, '');
if (!index.includes('</head>')) fail('index.html has no </head>');
index = index.replace('</head>', `${metas.join('\n')}\n</head>`);
fs.writeFileSync(indexFile, index);
