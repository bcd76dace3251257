//! `convene render` of the Izmir programme in every format and language: the real binary, snapshotted.

use std::path::Path;
use std::process::Command;

fn render(args: &[&str]) -> (i32, String, String) {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let output = Command::new(env!("CARGO_BIN_EXE_convene"))
        .arg("render")
        .args(args)
        .current_dir(examples)
        .output()
        .expect("the convene binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("documents are UTF-8"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_izmir_programme_renders_in_every_format_and_language() {
    for lang in ["fr", "en", "tr"] {
        for format in ["text", "markdown", "html", "json"] {
            let (code, document, stderr) =
                render(&["izmir-2021.toml", "--lang", lang, "--format", format]);
            assert_eq!(code, 0, "render --lang {lang} --format {format}: {stderr}");
            insta::assert_snapshot!(format!("izmir-{lang}.{format}"), document);
        }
    }
}

#[test]
fn text_is_the_default_format() {
    let (_, default, _) = render(&["izmir-2021.toml", "--lang", "fr"]);
    let (_, text, _) = render(&["izmir-2021.toml", "--lang", "fr", "--format", "text"]);
    assert_eq!(default, text);
}

#[test]
fn the_french_text_reads_like_the_seed() {
    let (_, text, _) = render(&["izmir-2021.toml", "--lang", "fr"]);
    let first_session = "Date : mardi 7 décembre 2021\nHeure :\n  Izmir     16:00–17:30  (UTC+3)\n  Paris     14:00–15:30  (UTC+1)\n  Montréal  08:00–09:30  (UTC-5)\n\nDialogue des maires sur l’état de la cohésion sociale dans les villes\n";
    assert!(text.contains(first_session), "{text}");
    assert!(text.starts_with("3e Sommet international des maires sur le vivre-ensemble\n"));
    assert!(text.contains("\nProgramme préliminaire\n"));
    assert!(text.contains("Date : vendredi 10 décembre 2021\nHeure : horaire à confirmer\n"));
    assert!(
        text.contains("au sein de") && !text.contains(" seni "),
        "the seed’s typo is mended"
    );
}

#[test]
fn json_gives_each_session_its_times_with_offsets_or_null() {
    let (_, json, _) = render(&["izmir-2021.toml", "--lang", "en", "--format", "json"]);
    let view: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = &view["days"][0]["sessions"][0];
    assert_eq!(first["id"], "mayors-dialogue");
    assert_eq!(first["kind"], "mayors-dialogue");
    assert_eq!(first["format"], "online");
    assert_eq!(
        first["title"]["text"],
        "Mayors’ dialogue on the state of social cohesion in cities"
    );
    let times: Vec<(String, String, String)> = first["times"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["label"].as_str().unwrap().to_owned(),
                t["start"].as_str().unwrap().to_owned(),
                t["end"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        (
            "Izmir",
            "2021-12-07T16:00:00+03:00",
            "2021-12-07T17:30:00+03:00",
        ),
        (
            "Paris",
            "2021-12-07T14:00:00+01:00",
            "2021-12-07T15:30:00+01:00",
        ),
        (
            "Montréal",
            "2021-12-07T08:00:00-05:00",
            "2021-12-07T09:30:00-05:00",
        ),
    ]
    .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()));
    assert_eq!(times, expected);
    let closing = &view["days"][2]["sessions"][1];
    assert_eq!(
        (&closing["id"], &closing["times"]),
        (
            &serde_json::json!("closing-panel"),
            &serde_json::Value::Null
        )
    );
}

#[test]
fn output_goes_to_a_file_when_asked() {
    let path = std::env::temp_dir().join(format!("convene-render-{}.html", std::process::id()));
    let (code, stdout, _) = render(&[
        "izmir-2021.toml",
        "--lang",
        "tr",
        "--format",
        "html",
        "--output",
        path.to_str().unwrap(),
    ]);
    let written = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert!(written.starts_with("<!DOCTYPE html>\n<html lang=\"tr\">"));
}

#[test]
fn a_language_the_programme_does_not_declare_is_refused() {
    let (code, _, stderr) = render(&["izmir-2021.toml", "--lang", "de"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: the programme is not published in \"de\"; it declares fr, en, tr\n"
        )
    );
}

#[test]
fn a_programme_with_errors_is_not_rendered() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check/overlap.toml");
    let (code, stdout, stderr) = render(&[fixture.to_str().unwrap(), "--lang", "fr"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("error: sessions \"opening\""), "{stderr}");
}
