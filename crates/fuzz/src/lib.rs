//! A small mutation fuzzer that runs on stable Rust, for every reader of outside input.
//!
//! `cargo fuzz` needs a nightly compiler and sanitizer coverage, which the build machines do not
//! have. This fuzzer instead starts from valid inputs (seeds made by the app's own code), mutates
//! them at random (bit flips, interesting bytes and numbers, cuts, copies, splices, dictionary
//! words) and runs each target under `catch_unwind`. In place of coverage it keeps an input when
//! it produced an outcome the target has not reported before (e.g. a new error kind), so the
//! corpus drifts towards the different paths of each reader.
//!
//! A panic is a crash: every bad input must come back as a typed error. Each distinct crash (by
//! panic message and location) is printed once, with the input in hex for `--repro`.

pub mod backup_targets;
pub mod targets;

use std::any::Any;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// One reader of outside input.
pub struct Target {
    /// Name used on the command line and in the report.
    pub name: &'static str,
    /// Valid inputs to start from.
    pub seeds: fn() -> Vec<Vec<u8>>,
    /// Runs the reader on an input and returns a small number naming the outcome (which error,
    /// or success), used to keep inputs that reached something new. Panics on a bug.
    pub run: fn(&[u8]) -> u64,
    /// Tokens that are meaningful to this reader, spliced into inputs.
    pub dictionary: &'static [&'static str],
}

/// What one target's run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Inputs run.
    pub executions: u64,
    /// Inputs that panicked.
    pub crashes: u64,
    /// The first input of each distinct crash (by where it panicked), with its panic message and
    /// location.
    pub distinct: Vec<(String, Vec<u8>)>,
    /// Distinct outcomes seen (a rough measure of how much of the reader was reached).
    pub outcomes: usize,
}

/// The longest input the mutator makes; readers of stored values see small values.
const MAX_INPUT: usize = 4096;
/// The most inputs kept for their new outcome, on top of the seeds.
const MAX_CORPUS: usize = 512;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the panic hook with one that records the message and location quietly, so that a
/// crash is reported once in the summary rather than printed for every input.
pub fn install_quiet_panic_hook() {
    panic::set_hook(Box::new(|info| {
        let message = match info.payload().downcast_ref::<&str>() {
            Some(text) => (*text).to_owned(),
            None => info.payload().downcast_ref::<String>().cloned().unwrap_or_else(|| "panic".into()),
        };
        let location = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(format!("{message} at {location}")));
    }));
}

/// Runs `target` on one input: `Ok(outcome)`, or `Err(panic message)` if it panicked.
pub fn run_one(target: &Target, input: &[u8]) -> Result<u64, String> {
    LAST_PANIC.with(|last| last.borrow_mut().take());
    panic::catch_unwind(AssertUnwindSafe(|| (target.run)(input))).map_err(|payload: Box<dyn Any + Send>| {
        LAST_PANIC.with(|last| last.borrow_mut().take()).unwrap_or_else(|| {
            payload.downcast_ref::<&str>().map(|s| (*s).to_owned()).unwrap_or_else(|| "panic".into())
        })
    })
}

/// A xorshift random source: fast, seedable, so a run can be repeated with `--seed`.
pub struct Rng(u64);

impl Rng {
    /// A source from `seed` (any value).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

const INTERESTING_BYTES: &[u8] = &[0, 1, 0x7f, 0x80, 0xff, b'0', b'9', b'-', b'+', b'"', b'\\', b'{', b'}', b'[', b']', b':', b',', b'.', b'#', b'&', b'=', b'?', b'/', b' '];
const INTERESTING_NUMBERS: &[&str] = &[
    "0", "-1", "1", "255", "256", "65535", "65536", "2147483647", "-2147483648", "4294967295", "4294967296",
    "9007199254740993", "9223372036854775807", "-9223372036854775808", "18446744073709551615",
    "18446744073709551616", "1e308", "1e309", "-0", "0.5", "1e-400", "99999999999999999999999",
];
/// Multi-byte text that readers of names and phones must cope with: Devanagari and Bengali
/// digits and letters, a combining mark, a zero-width joiner, an emoji, a lone surrogate escape.
const INTERESTING_TEXT: &[&str] = &["९", "০", "१२३", "क्ष", "\u{0301}", "\u{200d}", "👩‍👩‍👧", "\\ud800", "\\u0000", "é", "\u{0}"];

/// Changes `input` in one to four random ways.
pub fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>], dictionary: &[&str]) {
    for _ in 0..1 + rng.below(4) {
        let len = input.len();
        match rng.below(11) {
            0 if len > 0 => {
                let at = rng.below(len);
                input[at] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let at = rng.below(len);
                input[at] = INTERESTING_BYTES[rng.below(INTERESTING_BYTES.len())];
            }
            2 if len > 0 => {
                let at = rng.below(len);
                input[at] = rng.next() as u8;
            }
            3 => {
                let at = rng.below(len + 1);
                input.insert(at, rng.next() as u8);
            }
            4 if len > 0 => {
                let from = rng.below(len);
                let to = (from + 1 + rng.below(16.min(len - from))).min(len);
                input.drain(from..to);
            }
            5 if len > 0 => {
                let from = rng.below(len);
                let to = (from + 1 + rng.below(32.min(len - from))).min(len);
                let copy = input[from..to].to_vec();
                let at = rng.below(input.len() + 1);
                input.splice(at..at, copy);
            }
            6 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let cut = rng.below(len + 1);
                    let from = rng.below(other.len());
                    input.truncate(cut);
                    input.extend_from_slice(&other[from..]);
                }
            }
            7 if !dictionary.is_empty() => {
                let word = dictionary[rng.below(dictionary.len())];
                insert_word(rng, input, word);
            }
            8 => replace_number(rng, input),
            9 => {
                let word = INTERESTING_TEXT[rng.below(INTERESTING_TEXT.len())];
                insert_word(rng, input, word);
            }
            10 if len > 0 => {
                // Truncation: a value cut short, as a torn write would leave it.
                input.truncate(rng.below(len));
            }
            _ => {}
        }
    }
    input.truncate(MAX_INPUT);
}

fn insert_word(rng: &mut Rng, input: &mut Vec<u8>, word: &str) {
    let at = rng.below(input.len() + 1);
    if rng.below(2) == 0 && at < input.len() {
        // Replace as many bytes as the word has, as if a field's value were swapped.
        let end = (at + word.len()).min(input.len());
        input.splice(at..end, word.bytes());
    } else {
        input.splice(at..at, word.bytes());
    }
}

/// Replaces a run of ASCII digits (a count, a timestamp, a length) with an interesting number.
fn replace_number(rng: &mut Rng, input: &mut Vec<u8>) {
    let starts: Vec<usize> =
        (0..input.len()).filter(|&i| input[i].is_ascii_digit() && (i == 0 || !input[i - 1].is_ascii_digit())).collect();
    let number = INTERESTING_NUMBERS[rng.below(INTERESTING_NUMBERS.len())];
    if starts.is_empty() {
        insert_word(rng, input, number);
        return;
    }
    let start = starts[rng.below(starts.len())];
    let end = (start..input.len()).find(|&i| !input[i].is_ascii_digit()).unwrap_or(input.len());
    input.splice(start..end, number.bytes());
}

/// Fuzzes `target` for `budget`, starting the random source from `seed`.
pub fn fuzz(target: &Target, budget: Duration, seed: u64) -> Report {
    let mut report = Report::default();
    let mut rng = Rng::new(seed);
    let mut corpus = (target.seeds)();
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    let seeds = corpus.len();
    let mut outcomes = HashSet::new();
    let mut crashes_seen: HashMap<String, ()> = HashMap::new();
    let mut record = |report: &mut Report, input: &[u8], result: Result<u64, String>, corpus: &mut Vec<Vec<u8>>| {
        report.executions += 1;
        match result {
            Ok(outcome) => {
                if outcomes.insert(outcome) && corpus.len() < seeds + MAX_CORPUS {
                    corpus.push(input.to_vec());
                }
            }
            Err(message) => {
                report.crashes += 1;
                // One report per place in the code: the same bug hit with other inputs is one crash.
                let place = message.rsplit(" at ").next().unwrap_or(&message).to_owned();
                if crashes_seen.insert(place, ()).is_none() {
                    report.distinct.push((message, input.to_vec()));
                }
            }
        }
    };
    // The seeds themselves first: a valid input must never crash either.
    for index in 0..seeds {
        let input = corpus[index].clone();
        let result = run_one(target, &input);
        record(&mut report, &input, result, &mut corpus);
    }
    let start = Instant::now();
    while start.elapsed() < budget {
        // Check the clock every 64 inputs; one input takes microseconds.
        for _ in 0..64 {
            let mut input = corpus[rng.below(corpus.len())].clone();
            mutate(&mut rng, &mut input, &corpus, target.dictionary);
            let result = run_one(target, &input);
            record(&mut report, &input, result, &mut corpus);
        }
    }
    report.outcomes = outcomes.len();
    report
}

/// Lowercase hex of `bytes`, for printing a crashing input.
pub fn to_hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

/// Reads lowercase or uppercase hex, as printed by [`to_hex`].
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// A stable number for an outcome's text (an error's `Debug`), for [`Target::run`].
pub fn outcome_of(text: &str) -> u64 {
    // FNV-1a: stable across runs, unlike the standard library's randomly keyed hasher.
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panics_on_zero(input: &[u8]) -> u64 {
        assert!(!input.contains(&0), "found a zero");
        input.len() as u64
    }

    #[test]
    fn a_panic_is_counted_and_its_input_kept() {
        install_quiet_panic_hook();
        let target = Target { name: "t", seeds: || vec![b"abc".to_vec()], run: panics_on_zero, dictionary: &[] };
        let report = fuzz(&target, Duration::from_millis(200), 1);
        let _ = panic::take_hook();
        assert!(report.executions > 100);
        assert!(report.crashes > 0, "the mutator makes a zero byte quickly");
        let (message, input) = &report.distinct[0];
        assert!(message.contains("found a zero"), "{message}");
        assert!(input.contains(&0));
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(from_hex(&to_hex(&[0, 1, 0xab, 0xff])), Some(vec![0, 1, 0xab, 0xff]));
        assert_eq!(from_hex("abc"), None);
    }

    #[test]
    fn mutation_keeps_inputs_bounded() {
        let mut rng = Rng::new(7);
        let mut input = vec![b'1'; MAX_INPUT];
        for _ in 0..1000 {
            mutate(&mut rng, &mut input, &[], &["word"]);
            assert!(input.len() <= MAX_INPUT);
        }
    }
}
