//! Parse + check + view + render, for the Izmir programme and a generated 1,000-session one.
//!
//! `cargo bench -p convene-core --bench programme` (`-- participants` for the registration form,
//! the agenda and the letters).

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
    participants(c);
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

/// What a registration costs the core: checking the form, a participant's agenda, and the letters
/// written inside the registration's unit of work (the confirmed one with its calendar).
fn participants(c: &mut Criterion) {
    use convene_core::registration::agenda::{Agenda, Entry};
    use convene_core::registration::form::{RegistrationForm, check};
    use convene_core::registration::letters::{Letters, Links};
    use convene_core::registration::{State, Target};
    use convene_core::{ExportContext, Zone};

    let programme = load(IZMIR, &CheckOptions::default())
        .programme
        .expect("the Izmir programme is valid");
    let fr = Language::parse("fr").unwrap();
    let zone = Zone::parse("America/Toronto").unwrap();
    let form = RegistrationForm {
        name: "Valérie Plante".into(),
        email: "Valerie@Example.org".into(),
        category: "mayor".into(),
        city: "Montréal".into(),
        country: "ca".into(),
        organisation: "Ville de Montréal".into(),
        language: "fr".into(),
        interpretation: "fr".into(),
        zone: "America/Toronto".into(),
        consent: true,
        targets: vec!["session:mayors-dialogue".into(), "day:2021-12-10".into()],
        ..RegistrationForm::default()
    };
    let entries: Vec<Entry> = Target::all(&programme)
        .into_iter()
        .take(3)
        .map(|target| Entry {
            target,
            state: State::Confirmed,
            position: None,
            offer_until: None,
        })
        .collect();
    let links = Links {
        me: "https://summit.example.org/events/izmir-2021/me?lang=fr".into(),
        ..Links::default()
    };
    let context = ExportContext {
        base_url: "https://summit.example.org".into(),
        generated_at: "2021-11-20T09:00:00Z".parse().unwrap(),
        version: "1".into(),
        history: None,
    };
    let mut group = c.benchmark_group("participants");
    group.bench_function("registration form: check", |b| {
        b.iter(|| check(black_box(&form), &programme))
    });
    group.bench_function("agenda of 3 sessions", |b| {
        b.iter(|| Agenda::build(&programme, &fr, &zone, black_box(&entries)))
    });
    group.bench_function("letter: received", |b| {
        b.iter(|| Letters::new(&programme, "Valérie Plante", &fr, &zone).received(&entries, &links))
    });
    group.bench_function("letter: confirmed, with agenda and calendar", |b| {
        b.iter(|| {
            Letters::new(&programme, "Valérie Plante", &fr, &zone)
                .confirmed(&entries, &entries, &links, &context)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
