// Trunk post-build hook (Trunk.toml), for the hosted site's build only (KS_SPLIT=1, set by
// `ks_site` in scripts/env.sh, which also builds with `--cfg ks_split`): there every language's
// catalogue is data (issue 26), one file fetched when the page needs it (src/i18n.rs
// `Lang::built_in`, src/ui/language.rs `load_catalogue`). This writes those files,
// `locales-<lang>-<hash>.txt`, each the locale's files one after the other in src/i18n.rs'
// `FILES` order without their comment lines, and names them in index.html (`<meta
// name="ks-catalogue" data-lang=… content=…>`), where the page's first script fetches the
// page's language's beside the .wasm. Prints their sizes.
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
  // Comment lines go (a line that starts with `#`: a message's own lines are indented, so
  // none of them does); src/i18n.rs' tests parse a bundle made by the same rule.
  const text = files
    .map((f) => fs.readFileSync(path.join(root, 'locales', lang, f), 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n'))
    .join('\n');
  const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
  const name = `locales-${lang}-${hash}.txt`; // .txt: every static host serves it as text, compressed
  for (const old of fs.readdirSync(staging).filter((f) => f.startsWith(`locales-${lang}-`))) fs.rmSync(path.join(staging, old));
  fs.writeFileSync(path.join(staging, name), text);
  metas.push(`<meta name="ks-catalogue" data-lang="${lang}" content="${name}">`);
  const gz = zlib.gzipSync(Buffer.from(text), { level: 9 }).length;
  console.log(`catalogues: ${name} ${(gz / 1024).toFixed(1)} KB gzip (${(Buffer.byteLength(text) / 1024).toFixed(1)} KB), fetched when the page is in ${lang}`);
}

// In <head>, before the body's first script reads it.
const indexFile = path.join(staging, 'index.html');
let index = fs.readFileSync(indexFile, 'utf8').replace(/<meta name="ks-catalogue"[^>]*>\n?/g, '');
if (!index.includes('</head>')) fail('index.html has no </head>');
index = index.replace('</head>', `${metas.join('\n')}\n</head>`);
fs.writeFileSync(indexFile, index);
