//! The translations are complete and nothing in them is dead: every locale has exactly the keys
//! of every other, and every key is used by the code (`t!`, `td!`, `td_string!` in src/).

use std::collections::BTreeSet;
use std::path::Path;

fn keys_of(file: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
    value.as_object().unwrap_or_else(|| panic!("{} is not an object", file.display())).keys().cloned().collect()
}

fn locale_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).filter(|path| path.extension().is_some_and(|e| e == "json")).collect();
    files.sort();
    files
}

/// The translation keys named in Rust source: the identifier after the first argument of a
/// `t!(`, `td!(` or `td_string!(` call.
fn keys_used_in(text: &str, used: &mut BTreeSet<String>) {
    for macro_name in ["t!(", "td!(", "td_string!("] {
        let mut rest = text;
        while let Some(at) = rest.find(macro_name) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + macro_name.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let Some(comma) = rest.find(',') else { continue };
            let key: String = rest[comma + 1..].trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !key.is_empty() {
                used.insert(key);
            }
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_locale_has_every_key() {
    let files = locale_files();
    assert!(files.len() >= 4, "en, hi, bn and gu at least: {files:?}");
    let all: BTreeSet<String> = files.iter().flat_map(|file| keys_of(file)).collect();
    let mut missing = Vec::new();
    for file in &files {
        let keys = keys_of(file);
        for key in all.difference(&keys) {
            missing.push(format!("{} lacks {key}", file.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(missing.is_empty(), "keys missing:\n{}", missing.join("\n"));
}

#[test]
fn every_key_is_used_by_the_code() {
    let mut sources = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut sources);
    let mut used = BTreeSet::new();
    for source in &sources {
        keys_used_in(&std::fs::read_to_string(source).unwrap(), &mut used);
    }
    let english = keys_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en.json"));
    let unused: Vec<_> = english.difference(&used).collect();
    assert!(unused.is_empty(), "keys no code uses: {unused:?}");
}

#[test]
fn the_key_scanner_reads_the_call_forms_the_app_uses() {
    let mut used = BTreeSet::new();
    keys_used_in("t!(i18n, add_stamp) text(i18n, |l| td_string!(l, share_title)) td_string!(locale, msg_hello_name) format!(\"x, y\")", &mut used);
    assert_eq!(used.into_iter().collect::<Vec<_>>(), ["add_stamp", "msg_hello_name", "share_title"]);
}

/// The keys a Rust source fills by hand: `text_with(i18n, |l| td_string!(l, KEY), …)`, outside
/// comments (the helper's own documentation shows the call form).
fn keys_filled_by_hand(text: &str, keys: &mut BTreeSet<String>) {
    const CALL: &str = "text_with(i18n, |l| td_string!(l, ";
    for line in text.lines().filter(|line| !line.trim_start().starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find(CALL) {
            rest = &rest[at + CALL.len()..];
            keys.insert(rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect());
        }
    }
}

/// `text_with` fills `{name}` places itself and shows whatever else the translation says: a
/// `{{ name }}` (leptos_i18n's form, for `t!`) would reach the screen as it is written.
#[test]
fn texts_filled_by_hand_use_single_brace_places_in_every_locale() {
    let mut sources = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut sources);
    let mut filled = BTreeSet::new();
    for source in &sources {
        keys_filled_by_hand(&std::fs::read_to_string(source).unwrap(), &mut filled);
    }
    assert!(filled.contains("visits"), "the scanner finds the customer screen's visits: {filled:?}");
    let mut wrong = Vec::new();
    for file in locale_files() {
        let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for key in &filled {
            match value.get(key).and_then(|text| text.as_str()) {
                Some(text) if !text.contains("{{") && text.contains('{') => {}
                other => wrong.push(format!("{} {key}: {other:?}", file.file_name().unwrap().to_string_lossy())),
            }
        }
    }
    assert!(wrong.is_empty(), "texts filled by text_with need one {{name}} place at least, no {{{{ name }}}}:\n{}", wrong.join("\n"));
}
