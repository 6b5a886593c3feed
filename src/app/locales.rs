//! The generated `i18n` module: `Locale`, `use_i18n`, `t!`… from locales/en.json and
//! locales/hi.json (configured in Cargo.toml's package.metadata.leptos-i18n table).
//!
//! `load_locales!` is deprecated in favour of a build script using `leptos_i18n_build`, which is
//! not among the crates available to this offline build; the generated code is the same.
#![allow(deprecated)]

leptos_i18n::load_locales!();
