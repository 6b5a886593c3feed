//! Lower case for search: what `char::to_lowercase` gives, from a table of 185 runs.
//!
//! Why hand-written and not `str::to_lowercase`: std's lower case reaches core's
//! `LOWERCASE_TABLE` (1 462 pairs of char and u32, 11.7 KB raw, about 4.3 KB of the data segment
//! gzipped) and, for the final-sigma rule, the `Cased` and `Case_Ignorable` tables, and search
//! lower-cases every non-ASCII name at start-up and every query, so the counter's wasm carried
//! them all; the counter's first load is over its 400 KB gzipped budget (issue 15). Most
//! upper-case letters lie in runs that lower-case by one offset, either one after the other
//! (Cyrillic А–Я to а–я) or alternating with their lower case (Latin Extended-A Ā ā Ă ă…), so
//! [`RUNS`] holds each run once: 185 runs, 1 480 bytes. Measured with `scripts/build.sh`
//! (opt-level "z", LTO, build-std, wasm-opt -Oz) and `gzip -9`: the counter's wasm went from
//! 403 360 to 396 922 bytes (−6.4 KB, the runs included; 1 015 434 → 1 001 919 raw), and its
//! first load (`bench/sizes.mjs`) from 416.8 to 408.6 KB. `the_runs_are_the_ones_std_gives`
//! regenerates the table when a new Rust brings a new Unicode version (it prints the runs to
//! paste), and `agrees_with_std_for_every_char` compares every char with std's.

/// One run of upper-case characters that lower-case by the same offset: `len` characters from
/// `start`, every `stride`th code point (1 for a block of capitals, 2 where capitals alternate
/// with their small letters), packed as `start << 8 | len << 1 | (stride - 1)` with the offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    packed: u32,
    delta: i32,
}

impl Run {
    fn start(self) -> u32 {
        self.packed >> 8
    }

    fn len(self) -> u32 {
        (self.packed >> 1) & 0x7F
    }

    fn stride(self) -> u32 {
        1 + (self.packed & 1)
    }
}

/// A [`Run`] from its parts (evaluated when compiling: the table is plain data in the wasm).
const fn run(start: u32, len: u32, stride: u32, delta: i32) -> Run {
    assert!(start <= 0x10FFFF && len >= 1 && len < 128 && (stride == 1 || stride == 2));
    Run { packed: start << 8 | len << 1 | (stride - 1), delta }
}

/// İ (U+0130), the one character whose lower case is two: i and a combining dot above.
const CAPITAL_I_WITH_DOT_ABOVE: char = '\u{0130}';
const COMBINING_DOT_ABOVE: char = '\u{0307}';

/// Pushes the lower case of `c` to `out`: exactly what `c.to_lowercase()` gives, for every char.
/// Unlike `str::to_lowercase`, which this replaces in search, it has no context: Σ becomes σ
/// at the end of a word too, never ς.
pub fn push_lowercase(c: char, out: &mut String) {
    if c == CAPITAL_I_WITH_DOT_ABOVE {
        out.push('i');
        out.push(COMBINING_DOT_ABOVE);
    } else {
        out.push(lowercase(c));
    }
}

/// The lower case of `c` for every character but İ (one character).
fn lowercase(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let code = c as u32;
    // The last run that starts at or before `c`: the runs are sorted and do not overlap.
    let Some(at) = RUNS.partition_point(|run| run.start() <= code).checked_sub(1) else {
        return c;
    };
    let run = RUNS[at];
    let offset = code - run.start();
    if offset % run.stride() != 0 || offset / run.stride() >= run.len() {
        return c;
    }
    char::from_u32(code.wrapping_add_signed(run.delta)).unwrap_or(c)
}

/// Every upper-case character whose lower case is one other character, as runs, sorted by
/// their start; made from std by `the_runs_are_the_ones_std_gives` (Unicode 17 as of Rust 1.95).
#[rustfmt::skip]
static RUNS: [Run; 185] = [
    run(0x00041, 26, 1, 32), run(0x000C0, 23, 1, 32), run(0x000D8, 7, 1, 32), run(0x00100, 24, 2, 1), run(0x00132, 3, 2, 1),
    run(0x00139, 8, 2, 1), run(0x0014A, 23, 2, 1), run(0x00178, 1, 1, -121), run(0x00179, 3, 2, 1), run(0x00181, 1, 1, 210),
    run(0x00182, 2, 2, 1), run(0x00186, 1, 1, 206), run(0x00187, 1, 1, 1), run(0x00189, 2, 1, 205), run(0x0018B, 1, 1, 1),
    run(0x0018E, 1, 1, 79), run(0x0018F, 1, 1, 202), run(0x00190, 1, 1, 203), run(0x00191, 1, 1, 1), run(0x00193, 1, 1, 205),
    run(0x00194, 1, 1, 207), run(0x00196, 1, 1, 211), run(0x00197, 1, 1, 209), run(0x00198, 1, 1, 1), run(0x0019C, 1, 1, 211),
    run(0x0019D, 1, 1, 213), run(0x0019F, 1, 1, 214), run(0x001A0, 3, 2, 1), run(0x001A6, 1, 1, 218), run(0x001A7, 1, 1, 1),
    run(0x001A9, 1, 1, 218), run(0x001AC, 1, 1, 1), run(0x001AE, 1, 1, 218), run(0x001AF, 1, 1, 1), run(0x001B1, 2, 1, 217),
    run(0x001B3, 2, 2, 1), run(0x001B7, 1, 1, 219), run(0x001B8, 1, 1, 1), run(0x001BC, 1, 1, 1), run(0x001C4, 1, 1, 2),
    run(0x001C5, 1, 1, 1), run(0x001C7, 1, 1, 2), run(0x001C8, 1, 1, 1), run(0x001CA, 1, 1, 2), run(0x001CB, 9, 2, 1),
    run(0x001DE, 9, 2, 1), run(0x001F1, 1, 1, 2), run(0x001F2, 2, 2, 1), run(0x001F6, 1, 1, -97), run(0x001F7, 1, 1, -56),
    run(0x001F8, 20, 2, 1), run(0x00220, 1, 1, -130), run(0x00222, 9, 2, 1), run(0x0023A, 1, 1, 10795), run(0x0023B, 1, 1, 1),
    run(0x0023D, 1, 1, -163), run(0x0023E, 1, 1, 10792), run(0x00241, 1, 1, 1), run(0x00243, 1, 1, -195), run(0x00244, 1, 1, 69),
    run(0x00245, 1, 1, 71), run(0x00246, 5, 2, 1), run(0x00370, 2, 2, 1), run(0x00376, 1, 1, 1), run(0x0037F, 1, 1, 116),
    run(0x00386, 1, 1, 38), run(0x00388, 3, 1, 37), run(0x0038C, 1, 1, 64), run(0x0038E, 2, 1, 63), run(0x00391, 17, 1, 32),
    run(0x003A3, 9, 1, 32), run(0x003CF, 1, 1, 8), run(0x003D8, 12, 2, 1), run(0x003F4, 1, 1, -60), run(0x003F7, 1, 1, 1),
    run(0x003F9, 1, 1, -7), run(0x003FA, 1, 1, 1), run(0x003FD, 3, 1, -130), run(0x00400, 16, 1, 80), run(0x00410, 32, 1, 32),
    run(0x00460, 17, 2, 1), run(0x0048A, 27, 2, 1), run(0x004C0, 1, 1, 15), run(0x004C1, 7, 2, 1), run(0x004D0, 48, 2, 1),
    run(0x00531, 38, 1, 48), run(0x010A0, 38, 1, 7264), run(0x010C7, 1, 1, 7264), run(0x010CD, 1, 1, 7264), run(0x013A0, 80, 1, 38864),
    run(0x013F0, 6, 1, 8), run(0x01C89, 1, 1, 1), run(0x01C90, 43, 1, -3008), run(0x01CBD, 3, 1, -3008), run(0x01E00, 75, 2, 1),
    run(0x01E9E, 1, 1, -7615), run(0x01EA0, 48, 2, 1), run(0x01F08, 8, 1, -8), run(0x01F18, 6, 1, -8), run(0x01F28, 8, 1, -8),
    run(0x01F38, 8, 1, -8), run(0x01F48, 6, 1, -8), run(0x01F59, 4, 2, -8), run(0x01F68, 8, 1, -8), run(0x01F88, 8, 1, -8),
    run(0x01F98, 8, 1, -8), run(0x01FA8, 8, 1, -8), run(0x01FB8, 2, 1, -8), run(0x01FBA, 2, 1, -74), run(0x01FBC, 1, 1, -9),
    run(0x01FC8, 4, 1, -86), run(0x01FCC, 1, 1, -9), run(0x01FD8, 2, 1, -8), run(0x01FDA, 2, 1, -100), run(0x01FE8, 2, 1, -8),
    run(0x01FEA, 2, 1, -112), run(0x01FEC, 1, 1, -7), run(0x01FF8, 2, 1, -128), run(0x01FFA, 2, 1, -126), run(0x01FFC, 1, 1, -9),
    run(0x02126, 1, 1, -7517), run(0x0212A, 1, 1, -8383), run(0x0212B, 1, 1, -8262), run(0x02132, 1, 1, 28), run(0x02160, 16, 1, 16),
    run(0x02183, 1, 1, 1), run(0x024B6, 26, 1, 26), run(0x02C00, 48, 1, 48), run(0x02C60, 1, 1, 1), run(0x02C62, 1, 1, -10743),
    run(0x02C63, 1, 1, -3814), run(0x02C64, 1, 1, -10727), run(0x02C67, 3, 2, 1), run(0x02C6D, 1, 1, -10780), run(0x02C6E, 1, 1, -10749),
    run(0x02C6F, 1, 1, -10783), run(0x02C70, 1, 1, -10782), run(0x02C72, 1, 1, 1), run(0x02C75, 1, 1, 1), run(0x02C7E, 2, 1, -10815),
    run(0x02C80, 50, 2, 1), run(0x02CEB, 2, 2, 1), run(0x02CF2, 1, 1, 1), run(0x0A640, 23, 2, 1), run(0x0A680, 14, 2, 1),
    run(0x0A722, 7, 2, 1), run(0x0A732, 31, 2, 1), run(0x0A779, 2, 2, 1), run(0x0A77D, 1, 1, -35332), run(0x0A77E, 5, 2, 1),
    run(0x0A78B, 1, 1, 1), run(0x0A78D, 1, 1, -42280), run(0x0A790, 2, 2, 1), run(0x0A796, 10, 2, 1), run(0x0A7AA, 1, 1, -42308),
    run(0x0A7AB, 1, 1, -42319), run(0x0A7AC, 1, 1, -42315), run(0x0A7AD, 1, 1, -42305), run(0x0A7AE, 1, 1, -42308), run(0x0A7B0, 1, 1, -42258),
    run(0x0A7B1, 1, 1, -42282), run(0x0A7B2, 1, 1, -42261), run(0x0A7B3, 1, 1, 928), run(0x0A7B4, 8, 2, 1), run(0x0A7C4, 1, 1, -48),
    run(0x0A7C5, 1, 1, -42307), run(0x0A7C6, 1, 1, -35384), run(0x0A7C7, 2, 2, 1), run(0x0A7CB, 1, 1, -42343), run(0x0A7CC, 8, 2, 1),
    run(0x0A7DC, 1, 1, -42561), run(0x0A7F5, 1, 1, 1), run(0x0FF21, 26, 1, 32), run(0x10400, 40, 1, 40), run(0x104B0, 36, 1, 40),
    run(0x10570, 11, 1, 39), run(0x1057C, 15, 1, 39), run(0x1058C, 7, 1, 39), run(0x10594, 2, 1, 39), run(0x10C80, 51, 1, 64),
    run(0x10D50, 22, 1, 32), run(0x118A0, 32, 1, 32), run(0x16E40, 32, 1, 32), run(0x16EA0, 25, 1, 27), run(0x1E900, 34, 1, 34),
];

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn lowercased(c: char) -> String {
        let mut out = String::new();
        push_lowercase(c, &mut out);
        out
    }

    /// The runs of std's single-character lower case, each as long as it can be, in the
    /// table's written form.
    fn runs_from_std() -> Vec<(u32, u32, u32, i32)> {
        let mut runs: Vec<(u32, u32, u32, i32)> = Vec::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut lower = c.to_lowercase();
            let (Some(first), None) = (lower.next(), lower.next()) else { continue };
            if first == c {
                continue;
            }
            let (code, delta) = (c as u32, first as i32 - c as i32);
            if let Some((start, len, stride, run_delta)) = runs.last_mut() {
                let gap = code - (*start + (*len - 1) * *stride);
                let continues = *len == 1 && gap <= 2 || gap == *stride;
                if *run_delta == delta && continues && *len < 127 {
                    *stride = if *len == 1 { gap } else { *stride };
                    *len += 1;
                    continue;
                }
            }
            runs.push((code, 1, 1, delta));
        }
        runs
    }

    #[test]
    fn the_runs_are_the_ones_std_gives() {
        let from_std = runs_from_std();
        let table: Vec<Run> = from_std.iter().map(|&(start, len, stride, delta)| run(start, len, stride, delta)).collect();
        let written: String = from_std.chunks(5).map(|line| {
            let line: Vec<String> = line.iter().map(|(start, len, stride, delta)| format!("run(0x{start:05X}, {len}, {stride}, {delta})")).collect();
            format!("    {},\n", line.join(", "))
        }).collect();
        assert!(table == RUNS, "std's lower case changed; RUNS should be these {} runs:\n{written}", table.len());
    }

    #[test]
    fn agrees_with_std_for_every_char() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(lowercased(c), c.to_lowercase().collect::<String>(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn runs_cover_what_they_should_and_nothing_between() {
        assert_eq!(lowercased('Ā'), "ā");
        assert_eq!(lowercased('ā'), "ā");
        assert_eq!(lowercased('Я'), "я");
        assert_eq!(lowercased('İ'), "i\u{0307}");
        assert_eq!(lowercased('Σ'), "σ");
        assert_eq!(lowercased('ς'), "ς");
        assert_eq!(lowercased('क'), "क");
        assert!(RUNS.windows(2).all(|pair| pair[0].start() + (pair[0].len() - 1) * pair[0].stride() < pair[1].start()));
    }
}
