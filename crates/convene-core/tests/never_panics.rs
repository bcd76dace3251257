//! Whatever an organiser types, reading, checking, viewing and rendering never panic.

use convene_core::locale::Localizer;
use convene_core::{
    CheckOptions, DocumentFormat, Keyword, Language, ProgrammeView, ViewOptions, load,
};
use proptest::prelude::*;

const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");

/// The interface languages' words, built once for every case.
static REPORT_WORDS: std::sync::LazyLock<Vec<Localizer>> = std::sync::LazyLock::new(|| {
    convene_core::locale::INTERFACE_LANGUAGES
        .iter()
        .map(|tag| Localizer::new(&Language::parse(tag).unwrap()))
        .collect()
});

/// Loads, reports its problems in every interface language, and when the programme is accepted,
/// renders it in every format.
fn load_and_render(source: &str) {
    let loaded = load(source, &CheckOptions::default());
    for words in REPORT_WORDS.iter() {
        let _ = convene_core::diagnostic::render_report(
            "x.toml",
            source,
            &loaded.diagnostics,
            words,
            false,
        );
    }
    if let Some(programme) = loaded.programme {
        for lang in &programme.event.languages {
            let words = Localizer::new(lang);
            let view = ProgrammeView::build(&programme, &words, &ViewOptions { reader_zone: None });
            for format in DocumentFormat::ALL {
                let _ = format.render(&view, &words);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_is_read_without_panicking(source in "\\PC*") {
        load_and_render(&source);
    }

    #[test]
    fn any_toml_like_text_is_read_without_panicking(
        source in "(\\[\\[?(event|sessions|zones|venues|event\\.days)\\]\\]?\n|[a-z_.]{1,12} = (\"[^\"\n]{0,20}\"|[0-9:-]{1,12}|\\[\\]|\\{\\})\n){0,30}"
    ) {
        load_and_render(&source);
    }

    #[test]
    fn the_izmir_programme_with_a_slice_replaced_is_read_without_panicking(
        start in 0usize..IZMIR.len(),
        length in 0usize..200,
        replacement in "\\PC{0,20}",
    ) {
        let start = floor(IZMIR, start);
        let end = floor(IZMIR, (start + length).min(IZMIR.len()));
        let mutated = format!("{}{}{}", &IZMIR[..start], replacement, &IZMIR[end..]);
        load_and_render(&mutated);
    }

    #[test]
    fn any_session_time_is_checked_without_panicking(
        day in 1u8..=31, month in 1u8..=12, hour in 0u8..=30, minute in 0u8..=70,
        zone in prop::sample::select(vec!["Europe/Paris", "America/Toronto", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia"]),
    ) {
        let source = IZMIR
            .replacen("date = \"2021-12-07\"\nstart = \"16:00\"", &format!("date = \"2022-{month:02}-{day:02}\"\nstart = \"{hour:02}:{minute:02}\""), 1)
            .replacen("host_zone = \"Europe/Istanbul\"", &format!("host_zone = \"{zone}\""), 1);
        let written = format!("start = \"{hour:02}:{minute:02}\"");
        prop_assert!(source.contains(&written), "the session time was not replaced");
        load_and_render(&source);
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn every_language_of_the_izmir_programme_renders() {
    let programme = load(IZMIR, &CheckOptions::default()).programme.unwrap();
    let langs: Vec<&str> = programme
        .event
        .languages
        .iter()
        .map(Language::as_str)
        .collect();
    assert_eq!(langs, ["fr", "en", "tr"]);
}

mod markdown {
    //! Whatever Markdown a description holds, every output is made, and pages get nothing but the
    //! tags and attributes the kept Markdown turns into.

    use convene_core::markdown::{commonmark, html, plain_text};
    use proptest::prelude::*;

    const TAGS: [&str; 15] = [
        "p",
        "br",
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h4",
        "h5",
        "h6",
        "hr",
    ];

    /// Every tag of `html` is one the kept Markdown makes, with no attribute but a link's address
    /// (to a web or mail address or this site) and rel, and a list's start.
    fn only_kept_markup(html: &str) -> Result<(), String> {
        for tag in html.split('<').skip(1) {
            let tag = tag.split_once('>').map_or(tag, |(tag, _)| tag);
            let tag = tag.strip_prefix('/').unwrap_or(tag);
            let mut parts = tag.split(' ');
            let name = parts.next().unwrap_or_default();
            if !TAGS.contains(&name) {
                return Err(format!("<{tag}>"));
            }
            for attribute in parts {
                let (key, value) = attribute.split_once('=').unwrap_or((attribute, ""));
                let allowed = match (name, key) {
                    ("a", "href") => {
                        let address = value.trim_matches('"').to_ascii_lowercase();
                        ["http:", "https:", "mailto:"]
                            .iter()
                            .any(|s| address.starts_with(s))
                            || !address.contains(':')
                    }
                    ("a", "rel") => value == "\"nofollow" || value == "noopener\"",
                    ("a", "noopener\"") => true,
                    ("ol", "start") => true,
                    _ => false,
                };
                if !allowed {
                    return Err(format!("{attribute} in <{tag}>"));
                }
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn any_markdown_reaches_pages_with_only_its_kept_markup(
            source in "([-*_>#`!\\[\\]()<>:/ \n\t0-9a-z.=\"'&;\\\\]|<script>|</script>|javascript:|onerror=|<img src=x |https://|\n\n|    |- |1. |> )*",
        ) {
            let page = html(&source);
            prop_assert_eq!(only_kept_markup(page.as_str()), Ok(()), "{}", page);
            let _ = plain_text(&source);
            let _ = commonmark(&source);
        }

        /// The Markdown document's text reads as the text written. Raw HTML, whose removal can join
        /// what it separated, and runs of emphasis marks with nothing between them (which Markdown
        /// pairs in more ways than one) are left to the examples.
        #[test]
        fn markdown_written_again_reads_the_same(
            source in "([->#`!\\[\\]():/ \n\t0-9a-z.=\"'&;\\\\]|https://|\n\n|    |- |1. |> | \\*em\\* | \\*\\*strong\\*\\* )*",
        ) {
            let again = commonmark(&source);
            prop_assert_eq!(plain_text(&again), plain_text(&source), "{:?} was written again as {:?}", source, again);
        }
    }
}
