//! Code the hosted page loads when it is first used (issue 26): the first download holds what
//! the visualiser needs to start, and the chunks below come later.
//!
//! * `terminal`: Kafka's shell tools (`engine::tools`), loaded when the terminal is first used
//!   or a session or lesson that runs them is opened (`load_terminal`, `lesson_session`,
//!   `replayed`).
//! * `bytes`: the codecs: the bytes view's batch layout with their decoders
//!   (`record_batch::layout`), loaded when the first batch is opened, and their encoders
//!   (`compression::Encoders`), loaded before the first command that can turn compression on
//!   (`load_codecs`, `apply_loading_codecs`, and with the terminal, lessons and sessions).
//! * `lesson`: a lesson's code (`lesson::LessonCode`: its goals' checks, its predictions and the
//!   panel of an open lesson), loaded when the first lesson is opened (`lesson_session`,
//!   `replayed`): the first screen shows only the course list.
//! * `groups`: the consumer groups' code (`engine::group_code`: consumers, their coordinator,
//!   the assignors, committed offsets), loaded with the panels below the first screen (the
//!   groups' panel and forms), the terminal, a lesson or session that holds a group command,
//!   and the benchmark scenarios (`load_groups`); the first screen starts no consumer.
//! * `ticks`: the cluster's tick (`engine::tick_code`: the load, the producers' sender,
//!   replication, retention ...) and the commands the first screen never gives (producers,
//!   sends, transactions, topic changes: `Command::needs_tick_code`), loaded first as soon as
//!   the page is mounted (`load_ticks`; the panels below the first screen wait for it), and
//!   before a session, lesson or terminal line: the page starts paused, and its time controls
//!   wait for it (`ctx::TickReady`). With it comes the history's copy of a session
//!   (`Session::copy_for_history`, ~25 KB of code with the engine built for speed): the first
//!   screen copies nothing, and a session's start waits for it (`History::starting_at`).
//! * `panels`: the panels below the first screen (`ui::later`), loaded as soon as the page is
//!   mounted (`panel_code`).
//! * `course`: the course index's decoder (`engine::course`) and the course list's view
//!   (`ui::course_list`), loaded when the list is first shown (`course_code`): 16 KB gzip, where
//!   the decoders of every file below are 134 KB, so the list does not wait for them (they come
//!   when a lesson is opened).
//! * `files`: reading and writing JSON (serde_json and every `Deserialize`): lesson files,
//!   share links and session files, the lesson maker's output.
//!
//! The split is made after the build (`scripts/split-wasm.mjs` runs `wasm-split-cli` on the
//! hosted site's build, made with `--cfg ks_split`): each `split_fn!` function is a split point,
//! an `async` function that loads its chunk on the first call and then runs the code there
//! (`wasm_split_helpers`, the runtime Leptos' `#[lazy]` uses). Every other build (`trunk
//! serve`, the tests, native) calls the same code directly: the functions are `async` in both,
//! so the callers are the same. A chunk that cannot be downloaded is an error for the caller
//! to show, and the next call tries again.

use crate::ctx::Commands;
use crate::lesson_draft::LessonDraft;
use crate::session::Session;
use crate::share::Shared;
use engine::lesson::LessonFile;
use engine::session::{SessionFile, TimedCommand};
use engine::{Command, Outcome};

/// Why a split function gave no result: the chunk's download failed, or the code in it said
/// no (bad input, in our checker's words). One line for a person, shown inside a translated
/// sentence as the decoders' messages are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkError(pub String);

impl From<String> for ChunkError {
    fn from(s: String) -> Self {
        ChunkError(s)
    }
}

impl From<ChunkError> for String {
    fn from(e: ChunkError) -> Self {
        e.0
    }
}

#[cfg(ks_split)]
impl From<wasm_split_helpers::SplitLoaderError> for ChunkError {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkError("this part of the page could not be downloaded; check the connection and try again".into())
    }
}

/// `split_fn!(chunk, fn name(args) -> T { body })`: an `async fn name(args) -> Result<T,
/// ChunkError>` whose body is in `chunk` in the hosted site and linked in elsewhere. The body
/// returns `Result<T, ChunkError>`.
macro_rules! split_fn {
    ($chunk:ident, $(#[$m:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(ks_split)]
        #[wasm_split_helpers::wasm_split($chunk, fallible)]
        $(#[$m])* $vis fn $name($($arg: $ty),*) -> Result<$ret, ChunkError> $body

        #[cfg(not(ks_split))]
        $(#[$m])* $vis async fn $name($($arg: $ty),*) -> Result<$ret, ChunkError> $body
    };
}

// ------------------------------------------------------------------ terminal

split_fn!(
    terminal,
    fn tool_code() -> &'static engine::tools::code::ToolCode {
        Ok(&engine::tools::code::CODE)
    }
);

/// Loads the tools' code (once) and gives it to the engine, with the tick's code, the codecs'
/// encoders and the groups' code: a shell line can step the cluster (`sleep`,
/// `Command::needs_tick_code`), create topics and producers that compress (`Command::needs_codecs`)
/// and start consumers (`Command::needs_groups`).
pub async fn load_terminal() -> Result<(), ChunkError> {
    load_ticks().await?;
    if engine::tools::code::loaded().is_none() {
        engine::tools::code::install(tool_code().await?);
    }
    load_codecs().await?;
    load_groups().await
}

/// Whether the terminal can run a line now: the tools, the tick, the codecs and the groups' code
/// are here (`load_terminal`).
pub fn terminal_loaded() -> bool {
    ticks_loaded()
        && engine::tools::code::loaded().is_some()
        && engine::compression::encoders().is_some()
        && engine::group_code::loaded().is_some()
}

/// Whether applying these commands runs a tool (the terminal's commands).
pub fn runs_tools<'a>(commands: impl IntoIterator<Item = &'a TimedCommand>) -> bool {
    commands.into_iter().any(|c| matches!(c.command, Command::RunTool { .. } | Command::ToolInput { .. } | Command::ToolSignal { .. }))
}

/// Whether applying these commands may compress batches (`Command::needs_codecs`).
pub fn compresses<'a>(commands: impl IntoIterator<Item = &'a TimedCommand>) -> bool {
    commands.into_iter().any(|c| c.command.needs_codecs())
}

/// Whether applying these commands runs the groups' code (`Command::needs_groups`).
pub fn has_groups<'a>(commands: impl IntoIterator<Item = &'a TimedCommand>) -> bool {
    commands.into_iter().any(|c| c.command.needs_groups())
}

/// Loads what these commands need before they are applied: the tick (a replay steps between
/// them, and a lesson's checks step copies), the tools, the codecs' encoders, the groups' code.
async fn load_for<'a>(commands: impl IntoIterator<Item = &'a TimedCommand> + Clone) -> Result<(), ChunkError> {
    load_ticks().await?;
    if runs_tools(commands.clone()) {
        load_terminal().await?;
    }
    if compresses(commands.clone()) {
        load_codecs().await?;
    }
    if has_groups(commands) {
        load_groups().await?;
    }
    Ok(())
}

/// Opens a lesson (`Session::from_lesson`) with the lessons' code, first loading the tools and
/// the codecs if its start or its solution needs them.
pub async fn lesson_session(id: &str, file: LessonFile) -> Result<Session, String> {
    load_for(file.start.commands.iter().chain(&file.solution.commands)).await?;
    Session::from_lesson(id, file, lesson_code().await?)
}

/// Replays a session from outside (`Session::replay`), first loading the tools and the codecs
/// if it or its lesson needs them, and the lessons' code if it holds a lesson.
pub async fn replayed(session: &SessionFile, lesson: Option<(&str, LessonFile)>) -> Result<Session, String> {
    let lesson_commands = lesson.iter().flat_map(|(_, l)| l.start.commands.iter().chain(&l.solution.commands));
    load_for(session.commands.iter().chain(lesson_commands)).await?;
    let lesson = match lesson {
        Some((id, l)) => Some((id, l, lesson_code().await?)),
        None => None,
    };
    Session::replay(session, lesson)
}

// ------------------------------------------------------------------ lesson

split_fn!(
    lesson,
    /// The lessons' code: their goals' checks and the panel of an open lesson (`lesson::CODE`).
    /// The course list is in the first download; this comes with the first lesson opened.
    fn lesson_code() -> &'static crate::lesson::LessonCode {
        Ok(&crate::lesson::CODE)
    }
);

// ------------------------------------------------------------------ groups

split_fn!(
    groups,
    /// The consumer groups' code (`engine::group_code`): the consumers, their coordinator, the
    /// assignors and the offsets they commit.
    fn group_code() -> &'static engine::group_code::GroupCode {
        Ok(&engine::group_code::CODE)
    }
);

/// Loads the groups' code (once) and gives it to the engine. Calls made while it downloads
/// share the one download.
pub async fn load_groups() -> Result<(), ChunkError> {
    if engine::group_code::loaded().is_none() {
        engine::group_code::install(group_code().await?);
    }
    Ok(())
}

// ------------------------------------------------------------------ ticks

/// What the tick's chunk holds: the cluster's tick (`engine::tick_code`) and the history's
/// copy of a session (`history::install_copy`), which only a session that has stepped needs.
pub struct TickChunk {
    engine: &'static engine::tick_code::TickCode,
    copy_session: fn(&Session) -> Session,
}

static TICK_CHUNK: TickChunk = TickChunk { engine: &engine::tick_code::CODE, copy_session: Session::copy_for_history };

split_fn!(
    ticks,
    fn tick_code() -> &'static TickChunk {
        Ok(&TICK_CHUNK)
    }
);

/// Loads the tick's code (once) and gives it to the engine and the history. Calls made while
/// it downloads share the one download.
pub async fn load_ticks() -> Result<(), ChunkError> {
    if !ticks_loaded() {
        let code = tick_code().await?;
        crate::history::install_copy(code.copy_session);
        engine::tick_code::install(code.engine);
    }
    Ok(())
}

/// Whether the cluster can step now (always, where the tick is linked in).
pub fn ticks_loaded() -> bool {
    engine::tick_code::loaded().is_some()
}

// ------------------------------------------------------------------ panels

split_fn!(
    panels,
    /// The later panels' code (`ui::later::Later` keeps it once it is here).
    pub fn panel_code() -> &'static crate::ui::later::PanelCode {
        Ok(&crate::ui::later::PANELS)
    }
);

/// The later panels' code where it is linked in (every build but the hosted site's), so that
/// it is drawn at once; `None` where it is a chunk (`panel_code` loads it).
pub fn panels_linked() -> Option<&'static crate::ui::later::PanelCode> {
    #[cfg(ks_split)]
    return None;
    #[cfg(not(ks_split))]
    return Some(&crate::ui::later::PANELS);
}

// ------------------------------------------------------------------ bytes

split_fn!(
    bytes,
    /// The bytes view's field layout of a batch, with the codecs' decoders it needs.
    pub fn batch_layout() -> crate::segments_vm::BatchLayout {
        Ok(engine::record_batch::layout)
    }
);

split_fn!(
    bytes,
    /// The codecs' encoders (`compression::Encoders`).
    fn codec_code() -> &'static engine::compression::Encoders {
        Ok(&engine::compression::ENCODERS)
    }
);

/// Loads the codecs' encoders (once) and gives them to the engine.
pub async fn load_codecs() -> Result<(), ChunkError> {
    if engine::compression::encoders().is_none() {
        engine::compression::install(codec_code().await?);
    }
    Ok(())
}

/// Applies `command` as `Commands::update` does, first loading the codecs' encoders if it can
/// turn compression on and they are not here yet (`Command::needs_codecs`: the engine refuses
/// it without them); `done` gets the result, at once when nothing has to be loaded. Returns
/// whether it waits for the chunk (the caller says so meanwhile: `codecs-loading`).
pub(crate) fn apply_loading_codecs(commands: Commands, command: Command, done: impl FnOnce(Result<Outcome, String>) + 'static) -> bool {
    if !command.needs_codecs() || engine::compression::encoders().is_some() {
        done(commands.update(|s| s.apply(command)));
        return false;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match load_codecs().await {
            Ok(()) => done(commands.update(|s| s.apply(command))),
            Err(e) => done(Err(e.0)),
        }
    });
    true
}

// ------------------------------------------------------------------ files

split_fn!(
    files,
    /// Nothing but the files' chunk itself (`prefetch_lesson_code`).
    fn files_code() -> bool {
        Ok(true)
    }
);

/// Loads the code a lesson opened from the course list needs (the files' chunk, which decodes
/// its file, and the lessons' chunk), ahead of the click: called once the list is drawn and
/// the page has settled, the first lesson then opens in ~0.6 s on slow 4G instead of ~1.6 s.
/// A failure is left to the lesson's own opening, which tries again and says so.
pub async fn prefetch_lesson_code() {
    let _ = files_code().await;
    let _ = lesson_code().await;
}

/// Starts loading the files' chunk when a learner shows they are about to use it (the pointer
/// on the share panel, the keyboard's focus in it, the lesson maker opened), so the first Share
/// or Save rarely waits for it. Loading is once; later calls return at once.
pub fn prefetch_files() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = files_code().await;
    });
}

split_fn!(
    files,
    /// A lesson file's text, checked (`lesson_file::decode_lesson`).
    pub fn decode_lesson(text: &str) -> LessonFile {
        Ok(crate::lesson_file::decode_lesson(text)?)
    }
);

/// The course's code: the index's decoder and the list's view (`ui::course_list`).
#[derive(Clone, Copy)]
pub struct CourseCode {
    pub decode: fn(&str) -> Result<Vec<engine::course::CourseLesson>, String>,
    pub list: fn(Vec<crate::ui::course_list::CourseItem>, leptos::prelude::Callback<String>) -> leptos::prelude::AnyView,
}

split_fn!(
    course,
    /// The course's code (loaded with the course index).
    pub fn course_code() -> CourseCode {
        Ok(CourseCode { decode: crate::lesson_file::decode_course, list: crate::ui::course_list::course_list })
    }
);

split_fn!(
    files,
    /// A share link's fragment (`s=...`), checked.
    pub fn decode_fragment(fragment: &str) -> Shared {
        Ok(crate::share::decode_fragment(fragment)?)
    }
);

split_fn!(
    files,
    /// A session file's text, checked.
    pub fn decode_file(text: &str) -> Shared {
        Ok(crate::share::decode_file(text)?)
    }
);

split_fn!(
    files,
    /// The fragment of a share link holding `shared`.
    pub fn encode_fragment(shared: &Shared) -> String {
        Ok(crate::share::encode_fragment(shared)?)
    }
);

split_fn!(
    files,
    /// A session file's text.
    pub fn file_text(session: &SessionFile) -> String {
        Ok(crate::share::file_text(session)?)
    }
);

split_fn!(
    files,
    /// The lesson maker's draft over the session so far, as a lesson file's text.
    pub fn lesson_text(draft: &LessonDraft, start: SessionFile) -> String {
        Ok(crate::lesson_draft::build_lesson(draft, start).and_then(|l| crate::lesson_draft::lesson_json(&l))?)
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match f.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("a linked-in split function completes at once"),
        }
    }

    #[test]
    fn linked_in_the_functions_answer_at_once_with_the_decoders_words() {
        let lesson = block_on(decode_lesson(include_str!("../lessons/leader-election.json"))).unwrap();
        assert!(!lesson.goals.is_empty());
        let e = block_on(decode_lesson("{}")).unwrap_err();
        assert!(e.0.starts_with("not a lesson file"), "{e:?}");
        assert!(block_on(load_terminal()).is_ok());
    }

    #[test]
    fn tool_commands_are_seen_in_the_session_and_the_lessons_solution() {
        let mut s = engine::Cluster::new(engine::ClusterConfig::default()).unwrap().session_file();
        assert!(!runs_tools(&s.commands));
        s.commands.push(TimedCommand { time_ms: 0, command: Command::RunTool { line: "kafka-topics.sh --list".into() } });
        assert!(runs_tools(&s.commands));
    }
}
