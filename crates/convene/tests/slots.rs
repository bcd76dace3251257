//! `convene slots`: the real binary.

use std::process::Command;

/// Runs `convene slots ARGS` with these environment variables, and without the machine's locale
/// otherwise, so that it speaks English unless a test says otherwise.
fn slots_with(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_convene"))
        .arg("slots")
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .envs(env.iter().copied())
        .output()
        .expect("the convene binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn slots(args: &[&str]) -> (i32, String, String) {
    slots_with(args, &[])
}

const IZMIR: &str = "Europe/Istanbul=Izmir,Europe/Paris=Paris,America/Toronto=Montréal";

#[test]
fn izmir_paris_and_montreal_in_december_2021_can_meet_at_16_00_in_izmir() {
    let (code, out, _) = slots(&[
        "--zones",
        IZMIR,
        "--from",
        "2021-12-01",
        "--to",
        "2021-12-31",
        "--duration",
        "90",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("  Izmir 4:00\u{202f}PM – 5:30\u{202f}PM (UTC+3) = Paris 2:00\u{202f}PM – 3:30\u{202f}PM (UTC+1) = Montréal 8:00\u{202f}AM – 9:30\u{202f}AM (UTC-5)\n    margin 0 min, every day from Wednesday, December 1, 2021 to Friday, December 31, 2021\n"),
        "{out}"
    );
    insta::assert_snapshot!("izmir-december", out);
}

#[test]
fn the_programme_file_gives_zones_and_days() {
    let (code, out, _) = slots(&[
        "--programme",
        "izmir-2021.toml",
        "--duration",
        "1h30m",
        "--format",
        "json",
        "--limit",
        "1",
    ]);
    assert_eq!(code, 0);
    let answer: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (&answer["from"], &answer["to"]),
        (
            &serde_json::json!("2021-12-07"),
            &serde_json::json!("2021-12-10")
        )
    );
    let best = &answer["options"][0];
    assert_eq!(best["times"][0]["start"], "17:45");
    assert_eq!(best["margin_minutes"], 105);
}

#[test]
fn when_no_time_suits_everyone_the_zone_is_named_and_the_exit_code_is_1() {
    let (code, out, err) = slots(&[
        "--zones",
        "Europe/Paris,Pacific/Auckland",
        "--from",
        "2021-12-01",
        "--duration",
        "90",
    ]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "no 90-minute slot suits every zone: Pacific/Auckland, whose hours are 8:00\u{202f}AM – 9:00\u{202f}PM, never shares 90 minutes with Europe/Paris; widen its hours, shorten the session, or split it\n"
    );
}

#[test]
fn one_zone_can_accept_other_hours() {
    let (code, out, _) = slots(&[
        "--zones",
        "Europe/Paris,Pacific/Auckland",
        "--from",
        "2021-12-01",
        "--duration",
        "90",
        "--zone-hours",
        "Pacific/Auckland=07:00-22:00",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Europe/Paris 8:00\u{202f}AM – 9:30\u{202f}AM (UTC+1) = Pacific/Auckland 8:00\u{202f}PM – 9:30\u{202f}PM (UTC+13)"),
        "{out}"
    );
}

#[test]
fn bad_arguments_say_what_is_wrong() {
    let (code, _, err) = slots(&[
        "--zones",
        "Europe/Izmir",
        "--from",
        "2021-12-01",
        "--duration",
        "90",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: unknown time zone \"Europe/Izmir\""),
        "{err}"
    );
    let (code, _, err) = slots(&[
        "--zones",
        "Europe/Paris",
        "--from",
        "2021-12-01",
        "--duration",
        "an hour",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("\"an hour\" is not a duration"), "{err}");
}

const DECEMBER: [&str; 10] = [
    "--zones",
    IZMIR,
    "--from",
    "2021-12-01",
    "--to",
    "2021-12-31",
    "--duration",
    "90",
    "--limit",
    "3",
];

#[test]
fn the_options_read_in_french_and_turkish_with_lang() {
    for lang in ["fr", "tr"] {
        let args: Vec<&str> = DECEMBER.iter().copied().chain(["--lang", lang]).collect();
        let (code, out, err) = slots(&args);
        assert_eq!(code, 0, "{lang}: {err}");
        insta::assert_snapshot!(format!("izmir-december-{lang}"), out);
    }
}

#[test]
fn the_options_read_in_the_language_of_the_environments_locale() {
    let (code, out, _) = slots_with(&DECEMBER, &[("LANG", "tr_TR.UTF-8")]);
    let args: Vec<&str> = DECEMBER.iter().copied().chain(["--lang", "tr"]).collect();
    assert_eq!((code, out), (0, slots(&args).1));
}

#[test]
fn why_nothing_suits_reads_in_the_readers_language() {
    let (code, out, err) = slots_with(
        &[
            "--zones",
            "Europe/Paris,Pacific/Auckland",
            "--from",
            "2021-12-01",
            "--duration",
            "90",
        ],
        &[("LANG", "fr_FR.UTF-8")],
    );
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "aucun créneau de 90 minutes ne convient à tous les fuseaux : Pacific/Auckland, dont les heures sont 08:00–21:00, n’a jamais 90 minutes en commun avec Europe/Paris ; élargissez ses heures, raccourcissez la séance ou divisez-la\n"
    );
}
