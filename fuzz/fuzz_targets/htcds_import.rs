//! The HTCDS CSV import on any files. The input is the files of an export in `lekhotla_htcds::FILES` order,
//! separated by NUL bytes (a missing part is a missing file). Never a panic; an import that succeeds is a
//! transfer: its data exported and imported again is equal, and exported again gives the same bytes.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use lekhotla_htcds::{FILES, export, import_on};
use libfuzzer_sys::fuzz_target;
use time::macros::date;

/// The latest day an imported date may have: fixed, so a run is repeatable.
const TODAY: time::Date = date!(2026 - 06 - 30);

/// Three directories of this process, made once: the input, the first export and the second.
fn dirs() -> &'static [PathBuf; 3] {
    static DIRS: OnceLock<[PathBuf; 3]> = OnceLock::new();
    DIRS.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
        let root = base.join(format!("lekhotla-fuzz-htcds-{}", std::process::id()));
        ["in", "a", "b"].map(|d| {
            let dir = root.join(d);
            std::fs::create_dir_all(&dir).expect("a directory for the files");
            dir
        })
    })
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<_> = std::fs::read_dir(dir)
        .expect("the export directory")
        .map(|e| e.expect("an entry"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).expect("a file")))
        .collect();
    all.sort();
    all
}

fuzz_target!(|data: &[u8]| {
    let [input, a, b] = dirs();
    let mut parts = data.split(|b| *b == 0);
    for name in FILES {
        let path = input.join(name);
        match parts.next() {
            Some(bytes) => std::fs::write(&path, bytes).expect("an input file"),
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    let Ok(data) = import_on(input, TODAY, &mut |_| {}) else { return };
    export(a, &data.orgs, data.cases.iter().cloned(), &mut |_| {}).expect("imported data exports");
    let again = import_on(a, TODAY, &mut |_| {}).unwrap_or_else(|e| panic!("its own export is refused: {e}"));
    assert_eq!(again, data, "an import exported and imported again differs");
    export(b, &again.orgs, again.cases.iter().cloned(), &mut |_| {}).expect("exports again");
    assert_eq!(files(a), files(b), "the second export differs from the first");
});
