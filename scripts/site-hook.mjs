// What the hosted site's trunk hooks (split-wasm.mjs, catalogues.mjs) share: their error exit,
// doing nothing outside the hosted build (KS_SPLIT=1, set by `ks_site` in scripts/env.sh), and
// where trunk's staged output and the sources are.

/** The hook `name`'s { fail, staging, root }; exits 0 with `skipped` outside the hosted build. */
export function siteHook(name, skipped) {
  const fail = (msg) => {
    console.error(`${name}: ${msg}`);
    process.exit(1);
  };
  if (process.env.KS_SPLIT !== '1') {
    console.log(`${name}: not the hosted site build (KS_SPLIT unset): ${skipped}`);
    process.exit(0);
  }
  const staging = process.env.TRUNK_STAGING_DIR || fail('TRUNK_STAGING_DIR is not set (run as a trunk hook)');
  const root = process.env.TRUNK_SOURCE_DIR || process.cwd();
  return { fail, staging, root };
}
