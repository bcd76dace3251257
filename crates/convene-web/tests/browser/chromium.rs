//! `Browser`: headless Chromium driven through a ChromeDriver of its own, in the time zone a test
//! chooses, with the questions the tests ask of a page; and `BrowserTools`, the programs that
//! `scripts/browser-tools` installs and names.

use std::fmt;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::scratch::ScratchFolder;

/// How long a page may take to show what a test waits for, and ChromeDriver to start listening.
const PATIENCE: Duration = Duration::from_secs(5);

/// The text directly inside an element, without the text of its child elements: "Izmir" for
/// `<th>Izmir<small>Europe/Istanbul</small></th>`.
const OWN_TEXT: &str = "const ownText = element => Array.from(element.childNodes)
    .filter(node => node.nodeType === Node.TEXT_NODE)
    .map(node => node.textContent)
    .join('')
    .trim();";

/// A time cell as a `TimeCell`: its own text, the UTC offset and the day-change mark under it.
/// Needs `OWN_TEXT`.
const TIME_CELL: &str = "const timeCell = cell => {
    const offset = cell.querySelector('small:not(.shift)');
    const shift = cell.querySelector('small.shift');
    return {
        range: ownText(cell),
        offset: offset && offset.textContent,
        shift: shift && shift.textContent,
    };
};";

/// The boxes on screen of the text inside an element, one per line of each text node: text in an
/// SVG picture, in a `select` or hidden for all but screen readers (`.visually-hidden`) left out.
const TEXT_BOXES: &str = "const textBoxes = scope => {
    const boxes = [];
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(), index = 0; node !== null; node = walker.nextNode(), index++) {
        const text = node.textContent.trim();
        if (text === '' || node.parentElement.closest('svg, select, .visually-hidden') !== null) {
            continue;
        }
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
            if (r.width > 0 && r.height > 0) {
                boxes.push({ index, text, left: r.left, right: r.right, top: r.top, bottom: r.bottom });
            }
        }
    }
    return boxes;
};";

/// How a reader reads an element on screen: its text boxes row by row, top to bottom, the boxes of
/// a row left to right joined by " | ", the rows by line breaks. Needs `TEXT_BOXES`.
const AS_READ: &str = "const asRead = element => {
    const rows = [];
    const height = box => box.bottom - box.top;
    for (const box of textBoxes(element).sort((a, b) => a.top - b.top)) {
        const row = rows.find(row =>
            Math.min(row.bottom, box.bottom) - Math.max(row.top, box.top) > Math.min(height(row), height(box)) / 2);
        if (row === undefined) {
            rows.push({ top: box.top, bottom: box.bottom, boxes: [box] });
        } else {
            row.boxes.push(box);
            row.top = Math.min(row.top, box.top);
            row.bottom = Math.max(row.bottom, box.bottom);
        }
    }
    return rows
        .sort((a, b) => a.top - b.top)
        .map(row => row.boxes.sort((a, b) => a.left - b.left).map(box => box.text).join(' | '))
        .join('\\n');
};";

/// ChromeDriver, Chromium and axe-core, as named by the environment that `scripts/browser-tools`
/// sets up.
pub struct BrowserTools {
    chromedriver: PathBuf,
    chromium: Option<PathBuf>,
    axe_js: Option<PathBuf>,
}

impl BrowserTools {
    /// The tools, or `None` with a notice when `CONVENE_CHROMEDRIVER` is not set, so that a plain
    /// `cargo test` passes on a machine without Chromium. With `CONVENE_REQUIRE_BROWSER=1`, a
    /// missing ChromeDriver fails the test instead.
    pub fn from_env() -> Option<Self> {
        let path = |name: &str| {
            std::env::var_os(name)
                .filter(|value| !value.is_empty())
                .map(PathBuf::from)
        };
        match path("CONVENE_CHROMEDRIVER") {
            Some(chromedriver) => Some(Self {
                chromedriver,
                chromium: path("CONVENE_CHROMIUM"),
                axe_js: path("CONVENE_AXE_JS"),
            }),
            None if std::env::var("CONVENE_REQUIRE_BROWSER").as_deref() == Ok("1") => panic!(
                "CONVENE_REQUIRE_BROWSER=1 but CONVENE_CHROMEDRIVER is not set: run the suite through \
                 scripts/browser-tools, e.g. `scripts/browser-tools cargo test -p convene-web --test browser`"
            ),
            None => {
                eprintln!(
                    "note: browser test skipped: CONVENE_CHROMEDRIVER is not set (run it through scripts/browser-tools)"
                );
                None
            }
        }
    }
}

/// Whether the pages' own scripts run. The tests' questions to the page (WebDriver's scripts) are
/// answered either way.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum JavaScript {
    On,
    Off,
}

/// The size of the page's viewport in CSS pixels. Phones and tablets are emulated as such (a touch
/// screen, the page's `viewport` meta tag honoured); a desktop is a plain window of that size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Screen {
    pub width: u32,
    pub height: u32,
}

impl Screen {
    pub const PHONE: Self = Self {
        width: 390,
        height: 844,
    };
    pub const TABLET: Self = Self {
        width: 768,
        height: 1024,
    };
    pub const DESKTOP: Self = Self {
        width: 1280,
        height: 1000,
    };

    fn is_handheld(self) -> bool {
        self.width < Self::DESKTOP.width
    }
}

impl fmt::Display for Screen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.width, self.height)
    }
}

/// Where a day picture is on the page: whether it fits in the viewport's width, or else scrolls
/// inside a box of its own that does, and the size on screen of its smallest text.
#[derive(Debug, Deserialize)]
pub struct PictureFit {
    pub id: String,
    pub within_viewport: bool,
    pub scrolls_in_its_box: bool,
    pub box_within_viewport: bool,
    pub smallest_text_px: f64,
}

/// A "time" cell of a programme table, as the reader sees it: the range, the UTC offset under it,
/// and the day-change mark when the local date is not the host's.
#[derive(Debug, PartialEq, Eq, Deserialize)]
pub struct TimeCell {
    pub range: String,
    pub offset: Option<String>,
    pub shift: Option<String>,
}

/// One rule that axe-core finds broken on a page, with the elements that break it.
#[derive(Debug, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub nodes: Vec<ViolatingNode>,
}

#[derive(Debug, Deserialize)]
pub struct ViolatingNode {
    pub target: String,
    pub html: String,
}

impl TimeCell {
    pub fn new(range: &str, offset: Option<&str>, shift: Option<&str>) -> Self {
        Self {
            range: range.to_owned(),
            offset: offset.map(str::to_owned),
            shift: shift.map(str::to_owned),
        }
    }
}

impl Violation {
    /// Serious and critical violations block people from using the page.
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let impact = self.impact.as_deref().unwrap_or("unknown impact");
        write!(f, "{} ({impact}): {}", self.id, self.help)?;
        for node in &self.nodes {
            write!(f, "\n    {}: {}", node.target, node.html)?;
        }
        Ok(())
    }
}

/// Headless Chromium with a fresh profile, in the time zone given to [`Browser::open`], asking for
/// French first (`Accept-Language: fr-FR`).
pub struct Browser {
    client: Client,
    axe_js: Option<PathBuf>,
    driver: Driver,
}

impl Browser {
    /// Starts ChromeDriver with `TZ=zone`, so that the browser it starts lives in `zone`, and opens
    /// a browser session through it, showing pages on `screen`.
    pub async fn open(
        tools: &BrowserTools,
        zone: &str,
        javascript: JavaScript,
        screen: Screen,
    ) -> Self {
        let mut driver = Driver::start(tools, zone);
        driver.until_listening().await;

        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            format!("--user-data-dir={}", driver.profile.path().display()),
            "--lang=fr-FR".to_owned(),
        ];
        if !screen.is_handheld() {
            args.push(format!("--window-size={},{}", screen.width, screen.height));
        }
        if javascript == JavaScript::Off {
            args.push("--blink-settings=scriptEnabled=false".to_owned());
        }
        let mut options = json!({ "args": args, "prefs": { "intl.accept_languages": "fr-FR,fr" } });
        if let Some(chromium) = &tools.chromium {
            options["binary"] = json!(chromium);
        }
        if screen.is_handheld() {
            options["mobileEmulation"] = json!({ "deviceMetrics": {
                "width": screen.width,
                "height": screen.height,
                "pixelRatio": 1.0,
                "mobile": true,
                "touch": true,
            } });
        }
        let capabilities = Capabilities::from_iter([("goog:chromeOptions".to_owned(), options)]);
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url())
            .await
            .unwrap_or_else(|error| {
                panic!(
                    "ChromeDriver on port {} could not start Chromium: {error}",
                    driver.port
                )
            });
        Self {
            client,
            axe_js: tools.axe_js.clone(),
            driver,
        }
    }

    /// Ends the browser session, which quits Chromium, then stops ChromeDriver.
    pub async fn close(self) {
        let Self { client, driver, .. } = self;
        if let Err(error) = client.close().await {
            eprintln!("the browser session did not end cleanly: {error}");
        }
        drop(driver);
    }

    /// Loads `url` and waits until it has loaded.
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|error| panic!("the browser cannot load {url}: {error}"));
    }

    /// The address of the page shown.
    pub async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("the current address")
            .to_string()
    }

    /// Waits until the page shows `url`, for a navigation that a click started.
    pub async fn wait_for_url(&self, url: &str) {
        let expected = url
            .parse()
            .unwrap_or_else(|error| panic!("{url} is not a URL: {error}"));
        if self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_url(&expected)
            .await
            .is_err()
        {
            panic!(
                "the page did not become {url} within {PATIENCE:?}; it is {}",
                self.url().await
            );
        }
    }

    /// Waits until an element matches `css`, for what a script or a navigation adds.
    pub async fn wait_for(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(error) => panic!(
                "nothing matches `{css}` on {} within {PATIENCE:?}: {error}",
                self.url().await
            ),
        }
    }

    async fn find(&self, css: &str) -> Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element,
            Err(error) => panic!("nothing matches `{css}` on {}: {error}", self.url().await),
        }
    }

    /// The `lang` attribute of the `html` element: the language of the page's interface.
    pub async fn lang(&self) -> String {
        let html = self.find("html").await;
        html.attr("lang")
            .await
            .expect("the html element's attributes")
            .unwrap_or_default()
    }

    /// The text shown by the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        element
            .text()
            .await
            .unwrap_or_else(|error| panic!("the text of `{css}`: {error}"))
    }

    /// The text directly inside the first element matching `css`, without that of its children:
    /// "Your time" for `<th>Your time<small>Asia/Tokyo</small></th>`.
    pub async fn own_text(&self, css: &str) -> String {
        let script = format!(
            "{OWN_TEXT}
            const element = document.querySelector(arguments[0]);
            return element === null ? null : ownText(element);"
        );
        let text: Option<String> = self.run(&script, css).await;
        text.unwrap_or_else(|| panic!("nothing matches `{css}`"))
    }

    /// Follows the link whose text is `text` inside the first element matching `within`.
    pub async fn click_link(&self, within: &str, text: &str) {
        let area = self.find(within).await;
        let link = area
            .find(Locator::LinkText(text))
            .await
            .unwrap_or_else(|error| panic!("no link \"{text}\" in `{within}`: {error}"));
        link.click()
            .await
            .unwrap_or_else(|error| panic!("the link \"{text}\" cannot be clicked: {error}"));
    }

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        element
            .click()
            .await
            .unwrap_or_else(|error| panic!("`{css}` cannot be clicked: {error}"));
    }

    /// Types `text` into the field matching `css`, as a person would with the keyboard.
    pub async fn type_into(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field
            .clear()
            .await
            .unwrap_or_else(|error| panic!("`{css}` cannot be cleared: {error}"));
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|error| panic!("cannot type into `{css}`: {error}"));
    }

    /// Picks the option whose text is `label` in the list matching `css`, as a person choosing it
    /// with the mouse would.
    pub async fn choose(&self, css: &str, label: &str) {
        let list = self.find(css).await;
        list.select_by_label(label)
            .await
            .unwrap_or_else(|error| panic!("no option \"{label}\" to pick in `{css}`: {error}"));
    }

    /// Ticks the box matching `css` with a click, unless it is ticked already.
    pub async fn tick(&self, css: &str) {
        let the_box = self.find(css).await;
        let ticked = the_box
            .is_selected()
            .await
            .unwrap_or_else(|error| panic!("whether `{css}` is ticked: {error}"));
        if !ticked {
            the_box
                .click()
                .await
                .unwrap_or_else(|error| panic!("`{css}` cannot be ticked: {error}"));
        }
        assert!(
            the_box.is_selected().await.unwrap_or(false),
            "`{css}` is ticked"
        );
    }

    /// The text shown by each element matching `css`, in the page's order.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        self.run(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.innerText.trim());",
            css,
        )
        .await
    }

    /// Sets the date or time field matching `css` to `value` (`2021-12-07`, `16:00`) as its picker
    /// does, with the `input` and `change` events a choice fires: typing into such a field depends
    /// on the browser's own locale (a 12-hour clock has a third part, AM or PM).
    pub async fn pick(&self, css: &str, value: &str) {
        let script = "const [css, value] = arguments;
            const field = document.querySelector(css);
            if (field === null) { return false; }
            field.value = value;
            field.dispatchEvent(new Event('input', { bubbles: true }));
            field.dispatchEvent(new Event('change', { bubbles: true }));
            return field.value === value;";
        let set = self
            .client
            .execute(script, vec![json!(css), json!(value)])
            .await
            .unwrap_or_else(|error| panic!("cannot set `{css}`: {error}"));
        assert_eq!(set, json!(true), "`{css}` takes the value {value}");
    }

    /// The current value of the form field matching `css` (what it holds now, not what the page
    /// was sent with).
    pub async fn value(&self, css: &str) -> String {
        let element = self.find(css).await;
        element
            .prop("value")
            .await
            .unwrap_or_else(|error| panic!("the value of `{css}`: {error}"))
            .unwrap_or_default()
    }

    /// Gives the keyboard focus to the element matching `css`.
    pub async fn focus(&self, css: &str) {
        let script = "const element = document.querySelector(arguments[0]);
            if (element === null) { return false; }
            element.focus();
            return document.activeElement === element;";
        let focused: bool = self.run(script, css).await;
        assert!(focused, "`{css}` takes the focus");
    }

    /// The id of the element that has the keyboard focus.
    pub async fn focused(&self) -> String {
        self.run(
            "return document.activeElement ? document.activeElement.id : '';",
            "",
        )
        .await
    }

    /// Presses `keys` (characters, or `fantoccini::key::Key`s as characters) on the element that
    /// has the focus, as a person at the keyboard would.
    pub async fn press(&self, keys: &str) {
        let element = self
            .client
            .active_element()
            .await
            .expect("an element with the focus");
        element
            .send_keys(keys)
            .await
            .unwrap_or_else(|error| panic!("cannot press {keys:?}: {error}"));
    }

    /// The time cell matching `css`.
    pub async fn time_cell(&self, css: &str) -> TimeCell {
        let script = format!(
            "{OWN_TEXT}
            {TIME_CELL}
            const cell = document.querySelector(arguments[0]);
            return cell === null ? null : timeCell(cell);"
        );
        let cell: Option<TimeCell> = self.run(&script, css).await;
        cell.unwrap_or_else(|| panic!("no time cell matches `{css}`"))
    }

    /// The times of the programme row whose id is `row`, in the event's zone columns (not "your
    /// time"), each with its column's heading: `("Izmir", "16:00–17:30")`.
    pub async fn zone_columns(&self, row: &str) -> Vec<(String, String)> {
        let script = format!(
            "{OWN_TEXT}
            const row = document.getElementById(arguments[0]);
            if (row === null) {{ return null; }}
            const headings = Array.from(row.closest('table').querySelectorAll('thead th'));
            return Array.from(row.cells).flatMap((cell, column) =>
                cell.matches('td.time:not(.yours)') ? [[ownText(headings[column]), ownText(cell)]] : []);"
        );
        let columns: Option<Vec<(String, String)>> = self.run(&script, row).await;
        columns.unwrap_or_else(|| panic!("no programme row with the id \"{row}\""))
    }

    /// The time cells of the programme row whose id is `row`, in the event's zone columns (not
    /// "your time"), each with its column's heading: `("Izmir", TimeCell { range: "16:00–17:30",
    /// offset: Some("UTC+3"), shift: None })`.
    pub async fn zone_cells(&self, row: &str) -> Vec<(String, TimeCell)> {
        let script = format!(
            "{OWN_TEXT}
            {TIME_CELL}
            const row = document.getElementById(arguments[0]);
            if (row === null) {{ return null; }}
            const headings = Array.from(row.closest('table').querySelectorAll('thead th'));
            return Array.from(row.cells).flatMap((cell, column) =>
                cell.matches('td.time:not(.yours)') ? [[ownText(headings[column]), timeCell(cell)]] : []);"
        );
        let cells: Option<Vec<(String, TimeCell)>> = self.run(&script, row).await;
        cells.unwrap_or_else(|| panic!("no programme row with the id \"{row}\""))
    }

    /// The rows of the times preview on an organiser's session page (`.preview-times`), each zone's
    /// label with its time cell; none while the preview is empty or shows an error.
    pub async fn preview_times(&self) -> Vec<(String, TimeCell)> {
        let script = format!(
            "{OWN_TEXT}
            {TIME_CELL}
            return Array.from(document.querySelectorAll(arguments[0]))
                .map(row => [ownText(row.querySelector('th')), timeCell(row.querySelector('td.time'))]);"
        );
        self.run(&script, ".preview-times tr").await
    }

    /// The value of the attribute `name` of the first element matching `css`, if it has one.
    pub async fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let element = self.find(css).await;
        element
            .attr(name)
            .await
            .unwrap_or_else(|error| panic!("the attribute {name} of `{css}`: {error}"))
    }

    /// Asks `read` again until what it answers passes `accept`, for what a page's script changes a
    /// moment after typing; fails with the last answer after a while.
    pub async fn wait_until<T: fmt::Debug>(
        &self,
        what: &str,
        mut read: impl AsyncFnMut() -> T,
        accept: impl Fn(&T) -> bool,
    ) -> T {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let answer = read().await;
            if accept(&answer) {
                return answer;
            }
            if Instant::now() >= deadline {
                panic!(
                    "{what}: not so on {} within {PATIENCE:?}; last seen: {answer:?}",
                    self.url().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Fetches `path` from the site of the page shown, as the page's own script would (same
    /// origin, the browser's cookies), and returns the status and the body as text.
    pub async fn fetch(&self, path: &str) -> (u16, String) {
        let outcome = self
            .client
            .execute_async(
                "const [path, done] = arguments;
                fetch(path, { credentials: 'same-origin' })
                    .then(response => response.text().then(body => done([response.status, body])))
                    .catch(error => done(String(error)));",
                vec![json!(path)],
            )
            .await
            .unwrap_or_else(|error| panic!("fetching {path} from the page failed: {error}"));
        if let Value::String(error) = &outcome {
            panic!("the browser could not fetch {path}: {error}");
        }
        serde_json::from_value(outcome).expect("a status and a body")
    }

    /// Fetches `path` as [`Browser::fetch`] does, and returns the status, the `Content-Type` and
    /// the body's bytes as they came (a byte-order mark included, which reading as text drops).
    pub async fn fetch_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let outcome = self
            .client
            .execute_async(
                "const [path, done] = arguments;
                fetch(path, { credentials: 'same-origin' })
                    .then(response => response.arrayBuffer().then(body => done([
                        response.status,
                        response.headers.get('content-type') || '',
                        Array.from(new Uint8Array(body)),
                    ])))
                    .catch(error => done(String(error)));",
                vec![json!(path)],
            )
            .await
            .unwrap_or_else(|error| panic!("fetching {path} from the page failed: {error}"));
        if let Value::String(error) = &outcome {
            panic!("the browser could not fetch {path}: {error}");
        }
        serde_json::from_value(outcome).expect("a status, a content type and bytes")
    }

    /// The viewport's width and the page's: the page scrolls sideways when the second is larger.
    pub async fn page_width(&self) -> (f64, f64) {
        self.run(
            "return [window.innerWidth, document.documentElement.scrollWidth];",
            "",
        )
        .await
    }

    /// Texts that overlap on screen inside any element matching `css`, as "«a» overlaps «b»".
    pub async fn overlapping_texts(&self, css: &str) -> Vec<String> {
        let script = format!(
            "{TEXT_BOXES}
            const found = [];
            for (const scope of document.querySelectorAll(arguments[0])) {{
                const boxes = textBoxes(scope);
                boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {{
                    const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                    const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                    if (a.index !== b.index && across > 1 && down > 1) {{
                        found.push(`«${{a.text}}» overlaps «${{b.text}}»`);
                    }}
                }}));
            }}
            return found;"
        );
        self.run(&script, css).await
    }

    /// The time cells shown in the programme row matching `row`, top to bottom then left to
    /// right, each as read on screen: "Izmir | 16:00–17:30 | UTC+3" when the label, the range and
    /// the offset stand side by side on one line.
    pub async fn time_lines_as_read(&self, row: &str) -> Vec<String> {
        let script = format!(
            "{TEXT_BOXES}
            {AS_READ}
            const row = document.querySelector(arguments[0]);
            if (row === null) {{ return null; }}
            return Array.from(row.querySelectorAll('td.time'))
                .filter(cell => cell.getClientRects().length > 0)
                .map(cell => [cell.getBoundingClientRect(), asRead(cell)])
                .sort(([a], [b]) => a.top - b.top || a.left - b.left)
                .map(([, text]) => text);"
        );
        let lines: Option<Vec<String>> = self.run(&script, row).await;
        lines.unwrap_or_else(|| panic!("no programme row matches `{row}`"))
    }

    /// The day pictures shown on the page, and how they fit.
    pub async fn pictures(&self) -> Vec<PictureFit> {
        self.run(
            "return Array.from(document.querySelectorAll(arguments[0]))
                .filter(svg => svg.getClientRects().length > 0)
                .map(svg => {
                    const picture = svg.getBoundingClientRect();
                    const figure = svg.parentElement;
                    const box = figure.getBoundingClientRect();
                    const scale = picture.width / svg.viewBox.baseVal.width;
                    const sizes = Array.from(svg.querySelectorAll('text, tspan'))
                        .map(text => parseFloat(getComputedStyle(text).fontSize) * scale);
                    return {
                        id: svg.querySelector('title').id,
                        within_viewport: picture.left >= -0.5 && picture.right <= window.innerWidth + 0.5,
                        scrolls_in_its_box: figure.scrollWidth > figure.clientWidth
                            && ['auto', 'scroll'].includes(getComputedStyle(figure).overflowX),
                        box_within_viewport: box.left >= -0.5 && box.right <= window.innerWidth + 0.5,
                        smallest_text_px: Math.min(...sizes),
                    };
                });",
            "svg.day-picture",
        )
        .await
    }

    /// Scrolls the page so that the first element matching `css` is at the top of the viewport.
    pub async fn scroll_to(&self, css: &str) {
        let found: bool = self
            .run(
                "const element = document.querySelector(arguments[0]);
                if (element !== null) { element.scrollIntoView(); }
                return element !== null;",
                css,
            )
            .await;
        assert!(found, "nothing matches `{css}` on {}", self.url().await);
    }

    /// Saves what the viewport shows as a PNG file at `path`.
    pub async fn screenshot(&self, path: &std::path::Path) {
        let png = match self.client.screenshot().await {
            Ok(png) => png,
            Err(error) => panic!("a screenshot of {}: {error}", self.url().await),
        };
        std::fs::write(path, png)
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
    }

    /// Runs axe-core on the page shown and returns every violation it finds.
    pub async fn accessibility_violations(&self) -> Vec<Violation> {
        let path = self
            .axe_js
            .as_ref()
            .expect("CONVENE_AXE_JS is not set: run the suite through scripts/browser-tools");
        let axe = std::fs::read_to_string(path).unwrap_or_else(|error| {
            panic!("cannot read axe-core from {}: {error}", path.display())
        });
        self.client
            .execute(&axe, Vec::new())
            .await
            .expect("axe-core loads into the page");
        let outcome = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                    .then(results => done(results.violations.map(violation => ({
                        id: violation.id,
                        impact: violation.impact,
                        help: violation.help,
                        nodes: violation.nodes.map(node => ({
                            target: node.target.join(' '),
                            html: node.html,
                        })),
                    }))))
                    .catch(error => done(String(error)));",
                Vec::new(),
            )
            .await
            .expect("axe-core runs");
        if let Value::String(error) = &outcome {
            panic!("axe-core failed on {}: {error}", self.url().await);
        }
        serde_json::from_value(outcome).expect("axe-core's violations")
    }

    /// Runs `script` in the page with `argument` as `arguments[0]`, and reads what it returns.
    async fn run<T: DeserializeOwned>(&self, script: &str, argument: &str) -> T {
        let value = match self.client.execute(script, vec![json!(argument)]).await {
            Ok(value) => value,
            Err(error) => panic!("a script on {} failed: {error}", self.url().await),
        };
        serde_json::from_value(value)
            .unwrap_or_else(|error| panic!("a script's answer does not read: {error}"))
    }
}

/// ChromeDriver as a child process, in a process group of its own, with the profile folder of the
/// browser it starts. Dropping it kills the whole group, ChromeDriver and any Chromium process it
/// started, so no browser outlives a test, even a test that failed before closing its session.
struct Driver {
    process: Child,
    port: u16,
    profile: ScratchFolder,
}

impl Driver {
    fn start(tools: &BrowserTools, zone: &str) -> Self {
        let port = free_port();
        let process = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .env("TZ", zone)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|error| {
                panic!("cannot start {}: {error}", tools.chromedriver.display())
            });
        Self {
            process,
            port,
            profile: ScratchFolder::new("convene-browser-profile"),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Waits until ChromeDriver accepts connections, or fails if it exits first.
    async fn until_listening(&mut self) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            if let Ok(Some(status)) = self.process.try_wait() {
                panic!(
                    "ChromeDriver exited ({status}) before listening on port {}",
                    self.port
                );
            }
            assert!(
                Instant::now() < deadline,
                "ChromeDriver did not listen on port {} within {PATIENCE:?}",
                self.port
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Ok(group) = libc::pid_t::try_from(self.process.id()) {
            // SAFETY: kill(2) only sends a signal. A negative id names the process group that
            // `process_group(0)` made for this ChromeDriver: it and the Chromium it started.
            unsafe {
                libc::kill(-group, libc::SIGKILL);
            }
        }
        let _ = self.process.wait();
    }
}

/// A local TCP port that nothing listens on now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free local port");
    listener
        .local_addr()
        .expect("the free port's address")
        .port()
}
