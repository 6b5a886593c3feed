// Binary entry point built by Trunk (index.html: data-bin="mohar"). It only mounts the root
// component exported by the library crate; everything else lives in the library.
fn main() {
    leptos::mount::mount_to_body(mohar::App)
}
