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
}

criterion_group!(benches, bench);
criterion_main!(benches);
