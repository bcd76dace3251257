//! `convene check` on one file per problem: the real binary, its report and its exit code.

use std::path::Path;
use std::process::Command;

/// The convene binary in `dir`, without colours, and without the machine's locale, so that it
/// speaks English unless a test says otherwise.
fn convene(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_convene"));
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    command
}

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

/// Runs `convene check NAME.toml ARGS` in the fixtures folder, so reports name the file as the user
/// typed it, with these environment variables.
fn check_with(name: &str, args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let output = convene(&fixtures())
        .arg("check")
        .arg(format!("{name}.toml"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("the convene binary runs");
    let stdout = String::from_utf8(output.stdout).expect("the report is UTF-8");
    (output.status.code().unwrap_or(-1), stdout)
}

fn check(name: &str) -> (i32, String) {
    check_with(name, &[], &[])
}

/// Checks a fixture that must fail: exit code 1, the location of the error, and the whole report.
fn assert_error(name: &str, location: &str) {
    let (code, report) = check(name);
    assert_eq!(
        code, 1,
        "exit code of `convene check {name}.toml`; report:\n{report}"
    );
    assert!(
        report.contains(&format!("--> {name}.toml:{location}\n")),
        "the report of {name}.toml does not point at {location}:\n{report}"
    );
    insta::assert_snapshot!(name, report);
}

#[test]
fn a_clean_programme_passes_with_exit_code_0() {
    let (code, report) = check("clean");
    assert_eq!(
        (code, report.as_str()),
        (0, "clean.toml: no problems found\n")
    );
}

#[test]
fn the_izmir_programme_is_clean() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/izmir-2021.toml");
    let output = convene(file.parent().unwrap())
        .args(["check", "izmir-2021.toml"])
        .output()
        .unwrap();
    assert_eq!(
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).as_ref()
        ),
        (Some(0), "izmir-2021.toml: no problems found\n")
    );
}

#[test]
fn text_that_is_not_toml_is_an_error() {
    assert_error("not-toml", "9:24");
}

#[test]
fn an_unknown_field_is_an_error() {
    assert_error("unknown-field", "38:1");
}

#[test]
fn an_unknown_time_zone_is_an_error_with_the_nearest_names() {
    assert_error("unknown-zone", "6:13");
}

#[test]
fn a_session_that_ends_before_it_starts_is_an_error() {
    assert_error("end-before-start", "37:7");
}

#[test]
fn two_sessions_with_one_id_are_an_error() {
    assert_error("duplicate-session-id", "42:6");
}

#[test]
fn a_time_skipped_by_the_spring_change_is_an_error() {
    assert_error("nonexistent-time", "36:9");
}

#[test]
fn a_time_repeated_by_the_autumn_change_is_an_error() {
    assert_error("ambiguous-time", "36:9");
}

#[test]
fn a_language_used_but_not_declared_is_an_error() {
    assert_error("undeclared-language", "38:7");
}

#[test]
fn two_sessions_at_once_in_one_venue_are_an_error() {
    assert_error("overlap", "47:9");
}

#[test]
fn a_final_programme_with_a_time_to_be_confirmed_is_an_error() {
    assert_error("final-with-unconfirmed-time", "42:6");
}

#[test]
fn a_session_at_night_somewhere_is_a_warning_only() {
    let (code, report) = check("outside-waking-hours");
    assert_eq!(code, 0, "{report}");
    insta::assert_snapshot!("outside-waking-hours", report);
}

#[test]
fn a_missing_translation_is_a_warning_only() {
    let (code, report) = check("missing-translation");
    assert_eq!(code, 0, "{report}");
    insta::assert_snapshot!("missing-translation", report);
}

#[test]
fn waking_hours_can_be_widened() {
    let output = convene(&fixtures())
        .args([
            "check",
            "outside-waking-hours.toml",
            "--waking-hours",
            "04:00-23:00",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "outside-waking-hours.toml: no problems found\n"
    );
}

#[test]
fn the_json_report_gives_line_and_column() {
    let output = convene(&fixtures())
        .args(["check", "overlap.toml", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &report["diagnostics"][0];
    assert_eq!(
        (
            &first["code"],
            &first["path"],
            &first["line"],
            &first["column"],
            &report["errors"]
        ),
        (
            &serde_json::json!("overlap"),
            &serde_json::json!("sessions[1].start"),
            &serde_json::json!(47),
            &serde_json::json!(9),
            &serde_json::json!(1)
        )
    );
}

#[test]
fn a_missing_file_is_unusable_input() {
    let output = convene(&fixtures())
        .args(["check", "/nonexistent/programme.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot read /nonexistent/programme.toml: "),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_unusable_input() {
    let dir = std::env::temp_dir().join(format!("convene-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.toml");
    std::fs::write(&path, b"[event]\nname.fr = \"Sommet \xe9t\xe9\"\n").unwrap();
    let output = convene(&dir)
        .args(["check", "latin1.toml"])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: latin1.toml is not UTF-8 text (invalid byte at line 2, byte 26); save it as UTF-8\n"
    );
}

#[test]
fn the_report_speaks_french_and_turkish_with_lang() {
    for lang in ["fr", "tr"] {
        for name in ["overlap", "nonexistent-time", "missing-translation"] {
            let (code, report) = check_with(name, &["--lang", lang], &[]);
            let expected_code = if name == "missing-translation" { 0 } else { 1 };
            assert_eq!(code, expected_code, "{name} in {lang}:\n{report}");
            insta::assert_snapshot!(format!("{name}-{lang}"), report);
        }
    }
}

#[test]
fn a_clean_programme_passes_in_every_language() {
    for (lang, line) in [
        ("fr", "clean.toml : aucun problème trouvé\n"),
        ("en", "clean.toml: no problems found\n"),
        ("tr", "clean.toml: sorun bulunmadı\n"),
    ] {
        assert_eq!(
            check_with("clean", &["--lang", lang], &[]),
            (0, line.to_owned()),
            "{lang}"
        );
    }
}

#[test]
fn the_report_speaks_the_language_of_the_environments_locale() {
    let (code, report) = check_with("overlap", &[], &[("LANG", "fr_FR.UTF-8")]);
    assert_eq!(code, 1);
    assert_eq!(report, check_with("overlap", &["--lang", "fr"], &[]).1);
    assert!(report.starts_with("erreur: les séances "), "{report}");
    assert!(
        report.ends_with("overlap.toml : 1 erreur, 0 avertissement\n"),
        "{report}"
    );
}

#[test]
fn lang_and_lc_all_come_before_lang_in_the_environment() {
    let english = check("overlap").1;
    let turkish = check_with("overlap", &["--lang", "tr"], &[]).1;
    let cases = [
        (
            "--lang over LANG",
            vec!["--lang", "en"],
            vec![("LANG", "fr_FR.UTF-8")],
            &english,
        ),
        (
            "LC_ALL over LANG",
            vec![],
            vec![("LC_ALL", "tr_TR.UTF-8"), ("LANG", "fr_FR.UTF-8")],
            &turkish,
        ),
        (
            "the C locale",
            vec![],
            vec![("LC_ALL", "C"), ("LANG", "fr_FR.UTF-8")],
            &english,
        ),
        (
            "a language convene does not speak",
            vec![],
            vec![("LANG", "de_DE.UTF-8")],
            &english,
        ),
    ];
    for (what, args, env, expected) in cases {
        assert_eq!(&check_with("overlap", &args, &env).1, expected, "{what}");
    }
}

#[test]
fn lang_names_the_languages_convene_speaks() {
    let output = convene(&fixtures())
        .args(["check", "clean.toml", "--lang", "de"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("\"de\" is not a language convene speaks; write fr, en or tr"),
        "{stderr}"
    );
}
