//! Standard output for the CLI: `say!` writes a line and treats a closed pipe (`lekhotla org list | head -1`)
//! as the reader being done, ending the process quietly with success instead of panicking like `println!`.

use std::fmt;
use std::io::{self, Write};

/// Writes one line to standard output; see the module note for what happens when the reader has gone.
macro_rules! say {
    () => { $crate::output::line(format_args!("")) };
    ($($arg:tt)*) => { $crate::output::line(format_args!($($arg)*)) };
}
pub(crate) use say;

/// Writes `args` and a newline to standard output, flushing so pipes see each line as it is produced.
pub fn line(args: fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    let written = out.write_fmt(args).and_then(|()| out.write_all(b"\n")).and_then(|()| out.flush());
    if let Err(e) = written {
        drop(out);
        finish_on(&e);
    }
}

/// A reader that stopped reading (broken pipe) ends the command successfully; any other failure to write
/// the command's output is an error the user must see.
fn finish_on(e: &io::Error) -> ! {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write to standard output: {e}");
    std::process::exit(1);
}
