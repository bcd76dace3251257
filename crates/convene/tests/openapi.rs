//! `convene openapi`: the API's OpenAPI document without a server, the same the server serves.

use std::process::Command;

#[test]
fn the_command_prints_the_document_the_server_serves() {
    let output = Command::new(env!("CARGO_BIN_EXE_convene"))
        .arg("openapi")
        .output()
        .expect("the convene binary runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        convene_web::openapi_json().unwrap()
    );
}

#[test]
fn the_document_can_be_written_to_a_file() {
    let path = std::env::temp_dir().join(format!("convene-openapi-{}.json", std::process::id()));
    let output = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["openapi", "--output"])
        .arg(&path)
        .output()
        .expect("the convene binary runs");
    let written = std::fs::read_to_string(&path);
    let _ = std::fs::remove_file(&path);
    assert_eq!(output.status.code(), Some(0));
    let document: serde_json::Value = serde_json::from_str(&written.unwrap()).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
}
