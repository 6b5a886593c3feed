// Binary entry point built by Trunk (index.html: data-bin="mohar"). It only mounts the root
// component exported by the library crate; everything else lives in the library.
fn main() {
    // The wasm is compiled and instantiated once this runs (bench/startup.mjs reads the mark).
    mohar::perf::mark(mohar::perf::MAIN);
    leptos::mount::mount_to_body(mohar::App)
}
