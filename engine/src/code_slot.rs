//! Where the engine finds code that the hosted page loads as a chunk (issue 26): the tick
//! (`cluster::tick_code`), the consumer groups (`cluster::groups::code`), the terminal's tools
//! (`tools::code`) and the codecs' encoders (`compression`). Each is a table of function
//! pointers, a `static` that in the hosted site's build (`--cfg ks_split`) only the chunk's entry
//! point names, so wasm-split-cli puts the code it reaches in the chunk; the app `install`s it
//! once the chunk has arrived. Every other build (native, tests, `trunk serve`) has it linked in.

/// `code_slot!(getter, Type, TABLE)`: the module's `getter() -> Option<&'static Type>` and
/// `install(&'static Type)`. Where the code is linked in, `getter` is always `Some(&TABLE)` and
/// `install` does nothing; in the hosted site's build `getter` is `None` until the first
/// `install` (a second changes nothing), and nothing but the chunk names `TABLE`.
macro_rules! code_slot {
    ($getter:ident, $ty:ty, $table:path) => {
        #[cfg(ks_split)]
        static INSTALLED: std::sync::OnceLock<&'static $ty> = std::sync::OnceLock::new();

        /// The code, if this build has it at hand: linked in, or installed from its chunk.
        pub fn $getter() -> Option<&'static $ty> {
            #[cfg(not(ks_split))]
            {
                Some(&$table)
            }
            #[cfg(ks_split)]
            {
                INSTALLED.get().copied()
            }
        }

        /// Makes the code available to every cluster from now on (its chunk has arrived). A
        /// second call changes nothing; where the code is linked in, neither does the first.
        pub fn install(code: &'static $ty) {
            #[cfg(ks_split)]
            {
                let _ = INSTALLED.set(code);
            }
            #[cfg(not(ks_split))]
            {
                let _ = code;
            }
        }
    };
}
