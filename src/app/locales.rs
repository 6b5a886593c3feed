//! The generated `i18n` module: `Locale`, `use_i18n`, `t!`… from locales/en.json, hi.json,
//! bn.json and gu.json (configured in Cargo.toml's package.metadata.leptos-i18n table). The words
//! each language uses for each idea are in docs/glossary.md.
//!
//! `load_locales!` is deprecated in favour of a build script using `leptos_i18n_build`, which is
//! not among the crates available to this offline build; the generated code is the same.
#![allow(deprecated)]

leptos_i18n::load_locales!();

use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// A translated text without arguments that follows the chosen language:
/// `text(i18n, |l| td_string!(l, key))`. Equivalent to `t!(i18n, key)`, but every call site
/// shares this one closure type, so its view code is compiled once instead of once per text
/// (each `t!` is a type of its own, a few hundred bytes of wasm each).
pub fn text(i18n: I18nContext<i18n::Locale>, pick: fn(i18n::Locale) -> &'static str) -> impl IntoView + Clone + Sync + 'static {
    move || pick(i18n.get_locale())
}

/// The arguments of a [`text_with`] text, read again whenever what they read changes.
pub type Arguments = std::sync::Arc<dyn Fn() -> Vec<(&'static str, String)> + Send + Sync>;

/// A translated text with arguments that follows the chosen language: the translation's
/// `{name}` places are filled with the values `arguments` gives (see [`fill`]):
/// `text_with(i18n, |l| td_string!(l, key), Arc::new(move || vec![("n", …)]))`. Used instead of
/// `t!(i18n, key, n = …)` (whose translations would say `{{ n }}`) for the same reason as
/// [`text`]: every call site shares this one view type, where each `t!` with arguments is
/// compiled on its own. Values are inserted as text, never as markup.
///
/// [`fill`]: super::numbers::fill
pub fn text_with(i18n: I18nContext<i18n::Locale>, pick: fn(i18n::Locale) -> &'static str, arguments: Arguments) -> impl IntoView + Clone + Sync + 'static {
    move || {
        let values = arguments();
        let values: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
        super::numbers::fill(pick(i18n.get_locale()), &values)
    }
}
