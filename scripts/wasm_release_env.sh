# Sourced before every release build of a wasm bundle (scripts/build.sh for Trunk's counter
# build; scripts/build_owner.sh and scripts/build_widget.sh source it themselves): the build
# settings that make the bundles smaller but that stable cargo has no place for, because they
# are per build and not per target (the wasm browser tests and native `cargo test` must not get
# them). See README "Benchmark" (the size steps) and ARCHITECTURE.md "The release build's flags".
#
# - std is compiled with the app (`-Zbuild-std`, the toolchain's rust-src component, which
#   scripts/setup.sh installs), at the release profile's opt-level "z" and LTO, with
#   `panic = immediate-abort`: a panic traps at once, without formatting its message, so the
#   formatting machinery std's panic handler reaches is not in the wasm;
#   `-Zlocation-detail=none`: no source paths, lines and columns of panic locations either.
# - `-Zfmt-debug=none`: `{:?}` formats nothing and derived `Debug` impls are empty (−2.8 KB
#   gzipped in the counter's wasm, measured 2026-11-27). No text of the app comes from `Debug`
#   (ARCHITECTURE.md, "The release build's settings"); what loses detail is technical only: serde's
#   error texts no longer quote the bad value (a damaged record's "details" line).
# - These are unstable options, so the stable toolchain is told to accept them
#   (RUSTC_BOOTSTRAP=1): a known, discouraged practice, chosen and bounded in ARCHITECTURE.md.
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD="std,panic_abort"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
# Read by the Trunk pre-build hook, which refuses a release build without these settings.
export MOHAR_WASM_RELEASE_ENV=1
# Not std's `optimize_for_size` feature (tried 2026-11-27, −2.5 KB gzipped in the counter): it
# turns `select_nth_unstable` into median-of-medians, several times slower, and the search
# selects each keystroke's first results from every hit that way (domain/search.rs), at 100 000
# customers; see README's size section.
