//! Parse + check + view + render, for the Izmir programme and a generated 1,000-session one.
//!
//! `cargo bench -p convene-core --bench programme`

use std::hint::black_box;

use convene_core::locale::Localizer;
use convene_core::sample::{SampleShape, sample_programme};
use convene_core::{
    CheckOptions, DocumentFormat, Keyword, Language, ProgrammeView, ViewOptions, load,
};
use criterion::{Criterion, criterion_group, criterion_main};

const IZMIR: &str = include_str!("../../../examples/izmir-2021.toml");

fn pipeline(source: &str, lang: &Language, format: DocumentFormat) -> String {
    let loaded = load(source, &CheckOptions::default());
    let programme = loaded
        .programme
        .expect("the benchmark programmes are valid");
    let words = Localizer::new(lang);
    let view = ProgrammeView::build(&programme, &words, &ViewOptions { reader_zone: None });
    format.render(&view, &words)
}

fn bench(c: &mut Criterion) {
    let fr = Language::parse("fr").unwrap();
    let large = sample_programme(SampleShape {
        sessions: 1000,
        days: 5,
        zones: 6,
    });
    let words = Localizer::new(&fr);
    for (name, source) in [("izmir", IZMIR), ("generated-1000", large.as_str())] {
        let mut group = c.benchmark_group(name);
        group.sample_size(if name == "izmir" { 100 } else { 20 });
        group.bench_function("load (parse + check)", |b| {
            b.iter(|| load(black_box(source), &CheckOptions::default()))
        });
        let programme = load(source, &CheckOptions::default()).programme.unwrap();
        group.bench_function("view", |b| {
            b.iter(|| {
                ProgrammeView::build(
                    black_box(&programme),
                    &words,
                    &ViewOptions { reader_zone: None },
                )
            })
        });
        let view = ProgrammeView::build(&programme, &words, &ViewOptions { reader_zone: None });
        for format in DocumentFormat::ALL {
            group.bench_function(format!("render {}", format.keyword()), |b| {
                b.iter(|| format.render(black_box(&view), &words))
            });
        }
        group.bench_function("whole: load + localizer + view + text", |b| {
            b.iter(|| pipeline(black_box(source), &fr, DocumentFormat::Text))
        });
        group.finish();
    }
    c.bench_function("localizer (fr)", |b| {
        b.iter(|| Localizer::new(black_box(&fr)))
    });
    markdown(c);
}

/// One description as organisers write them, and 100 KB of nested quotes and list items (the
/// shape that is slowest to parse), through each Markdown output.
fn markdown(c: &mut Criterion) {
    use convene_core::markdown::{commonmark, html, plain_text};
    let description = "Les villes ont été en **première ligne** face à la pandémie. Cet atelier \
        présente des pratiques de [villes résilientes](https://example.org/resilience) :\n\n\
        - la planification à *long terme* ;\n- la participation des habitants ;\n\
        - les partenariats avec la société civile.\n\n> Une ville résiliente se prépare.\n\n"
        .repeat(3);
    let nested = "> > > > > > > > > > > > > > > - - - - - - - - texte\n\nsuite\n".repeat(2_000);
    let mut group = c.benchmark_group("markdown");
    for (name, source) in [
        ("description", description.as_str()),
        ("nested-100k", nested.as_str()),
    ] {
        group.bench_function(format!("{name}: sanitised html"), |b| {
            b.iter(|| html(black_box(source)))
        });
        group.bench_function(format!("{name}: plain text"), |b| {
            b.iter(|| plain_text(black_box(source)))
        });
        group.bench_function(format!("{name}: commonmark"), |b| {
            b.iter(|| commonmark(black_box(source)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
