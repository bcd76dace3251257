//! Any bytes given as a programme file: reading, checking, viewing and rendering never panic.
//!
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run programme_file -- -max_total_time=60` (cargo-fuzz from crates.io).
#![no_main]

use convene_core::locale::Localizer;
use convene_core::{CheckOptions, DocumentFormat, Keyword, ProgrammeView, ViewOptions, load};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = load(source, &CheckOptions::default());
    let french = Localizer::new(&convene_core::Language::parse("fr").expect("a language tag"));
    let _ = convene_core::diagnostic::render_report(
        "fuzz.toml",
        source,
        &loaded.diagnostics,
        &french,
        false,
    );
    if let Some(programme) = loaded.programme {
        let words = Localizer::new(&programme.event.source_language);
        let view = ProgrammeView::build(&programme, &words, &ViewOptions { reader_zone: None });
        for format in DocumentFormat::ALL {
            let _ = format.render(&view, &words);
        }
    }
});
