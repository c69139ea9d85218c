//! The build script of both stores (`build` in `lekhotla-storage-sqlite` and `-postgres`'s `Cargo.toml`): embeds
//! the store's `migrations/` folder as `$OUT_DIR/migrations.rs`, an array of `(file name, include_str!(file))`
//! for every `.sql` file, which `lekhotla_storage::embedded_migrator!` reads. sqlx's `migrate!` did this before,
//! at the price of a second build of both database drivers and of SQLite for the compiler.

use std::path::{Path, PathBuf};

fn main() {
    let folder =
        Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("migrations");
    println!("cargo:rerun-if-changed={}", folder.display());
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(&folder)
        .expect("the migrations folder")
        .map(|e| e.expect("a migration file"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, path)| name.ends_with(".sql") && path.is_file())
        .collect();
    files.sort();
    let mut code = String::from("&[\n");
    for (name, path) in files {
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!("    ({name:?}, include_str!({:?})),\n", path.display().to_string()));
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("migrations.rs");
    std::fs::write(out, code).expect("writing migrations.rs");
}
