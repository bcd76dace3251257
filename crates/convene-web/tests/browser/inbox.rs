//! A participant's email as the outbox holds it, and signing in with the link it brings: what the
//! participants' stories share.

use convene_store::StoredEmail;

use crate::chromium::Browser;
use crate::site::TestSite;

/// The messages of `event` written to `email`, oldest first.
pub async fn emails_to(site: &TestSite, event: &str, email: &str) -> Vec<StoredEmail> {
    let mut all = site
        .store()
        .outbox(Some(event), 1000)
        .await
        .expect("the outbox");
    all.retain(|m| m.recipient == email);
    all.reverse();
    all
}

/// The newest message of `event` of `kind` to `email`.
pub async fn newest_email(site: &TestSite, event: &str, email: &str, kind: &str) -> StoredEmail {
    let emails = emails_to(site, event, email).await;
    let kinds: Vec<&str> = emails.iter().map(|m| m.kind.as_str()).collect();
    emails
        .iter()
        .rev()
        .find(|m| m.kind == kind)
        .cloned()
        .unwrap_or_else(|| panic!("no \"{kind}\" email to {email} among {kinds:?}"))
}

/// The first address in `text` on the site that starts with `path`.
pub fn link(site: &TestSite, text: &str, path: &str) -> String {
    let prefix = site.url(path);
    let start = text
        .find(&prefix)
        .unwrap_or_else(|| panic!("no link to {prefix} in:\n{text}"));
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '>' || c == ')')
        .next()
        .expect("a link")
        .to_owned()
}

/// On `event`'s sign-in page, `email` asks for a link, follows the one the email brings, presses
/// the button and lands on "Mon inscription".
pub async fn sign_in(site: &TestSite, browser: &Browser, event: &str, email: &str) {
    browser.type_into("input#email", email).await;
    browser.click("main form button[type='submit']").await;
    browser.wait_for("p.notice[role='status']").await;

    let letter = newest_email(site, event, email, "sign-in").await;
    let sign_in = link(
        site,
        &letter.text_body,
        &format!("/events/{event}/sign-in/"),
    );
    browser.goto(&sign_in).await;
    assert_eq!(browser.text("main h1").await, "Se connecter");
    browser.click("main form button[type='submit']").await;
    browser
        .wait_until(
            "the browser arrives on \"Mon inscription\"",
            async || browser.url().await,
            |url| url.starts_with(&site.url(&format!("/events/{event}/me"))),
        )
        .await;
    assert_eq!(browser.text("main h1").await, "Mon inscription");
}
