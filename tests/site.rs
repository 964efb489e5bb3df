//! `readiness site`: the example's two weeks and a second system rolled
//! from it with `readiness next` build into one static site whose links
//! all resolve, from the file system and from a sub-path served over HTTP;
//! the same inputs give the same bytes; a rebuild writes only what changed;
//! a broken input is reported while the rest is published.

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use common::{copy_tree, example, readiness, site_inputs as inputs, snapshot_tree};

use common::week_two;

fn site(args: &[&str], cwd: &Path) -> std::process::Output {
    let mut all = vec!["site"];
    all.extend_from_slice(args);
    readiness(&all, cwd)
}

fn build(inputs: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let (one, two) = (example(), week_two());
    let mut args = vec![
        one.to_str().unwrap(),
        two.to_str().unwrap(),
        "second",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    site(&args, inputs)
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The values of every `href` and `src` attribute of a page (our pages
/// quote every attribute with `"`), entities decoded.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').expect("a closing quote");
            found.push(rest[..end].replace("&amp;", "&").replace("&#x2F;", "/"));
            rest = &rest[end..];
        }
    }
    found
}

fn is_external(link: &str) -> bool {
    link.starts_with("https://") || link.starts_with("http://") || link.starts_with("mailto:")
}

/// Resolves a page-relative link against the folder `base` (a path with
/// `/` separators, relative to the site root); `None` when it leaves the
/// site.
fn resolve(base: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for seg in link.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn folder_of(page: &str) -> &str {
    page.rsplit_once('/').map_or("", |(d, _)| d)
}

#[test]
fn a_site_of_two_systems_links_every_page_from_the_file_system() {
    let inputs = inputs();
    let out = inputs.path().join("public/site");
    let run = build(inputs.path(), &out, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        stdout(&run),
        format!(
            "site {}: 2 systems, 4 weeks (4 drawn); 21 files written, 0 unchanged\n",
            out.display()
        )
    );
    for page in [
        "index.html",
        "013a-analytics/index.html",
        "013a-analytics/latest/index.html",
        "013a-analytics/2025-09-30/index.html",
        "013a-analytics/2025-10-07/report.pdf",
        "013a-analytics/2025-10-07/report.md",
        "013a-analytics/2025-10-07/assessment.json",
        "payments/2025-10-07/index.html",
        "payments/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    assert!(
        !out.join("sitemap.xml").exists(),
        "no sitemap without --base-url"
    );

    // Crawl from the index: every link page-relative, naming a file that
    // exists (a folder link names its index.html), and every page reached.
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["index.html".to_owned()]);
    while let Some(page) = queue.pop_front() {
        if !seen.insert(page.clone()) {
            continue;
        }
        let html = std::fs::read_to_string(out.join(&page)).unwrap();
        for link in links(&html) {
            if link.starts_with('#') || is_external(&link) {
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{page}: {link} is not page-relative"
            );
            assert!(!link.contains(':'), "{page}: {link} names a scheme");
            let path = link.split('#').next().unwrap();
            assert!(
                !path.ends_with('/') && !path.is_empty(),
                "{page}: {link} names no file"
            );
            let target = resolve(folder_of(&page), path)
                .unwrap_or_else(|| panic!("{page}: {link} leaves the site"));
            assert!(
                out.join(&target).is_file(),
                "{page}: {link} → {target} missing"
            );
            if target.ends_with(".html") {
                queue.push_back(target);
            }
        }
    }
    let pages: BTreeSet<String> = snapshot_tree(&out)
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert_eq!(seen, pages, "every page is reached from the index");

    // The latest redirect names the newest week; a week links its
    // neighbours and its history.
    let latest = std::fs::read_to_string(out.join("payments/latest/index.html")).unwrap();
    assert!(
        latest.contains("content=\"0; url=../2025-10-07/index.html\""),
        "{latest}"
    );
    let week = std::fs::read_to_string(out.join("013a-analytics/2025-10-07/index.html"))
        .unwrap()
        .replace("&#x2F;", "/");
    assert!(
        week.contains("<a href=\"../2025-09-30/index.html\" rel=\"prev\">"),
        "prev"
    );
    assert!(week.contains("<a href=\"../index.html\">History of 013a Analytics</a>"));
    assert!(
        week.contains("Changes Since Last Week"),
        "week two shows its changes"
    );
    // The index: worst first, the names escaped.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("Payments &lt;API&gt;"),
        "escaped system name"
    );
    assert!(!index.contains("Payments <API>"));
}

#[test]
fn the_same_inputs_give_the_same_site_and_a_rebuild_writes_only_what_changed() {
    let inputs = inputs();
    let (a, b) = (inputs.path().join("a"), inputs.path().join("b"));
    assert!(build(inputs.path(), &a, &[]).status.success());
    assert!(
        build(inputs.path(), &b, &["--title", "Ignored"])
            .status
            .success()
    );
    assert!(build(inputs.path(), &b, &[]).status.success());
    assert_eq!(snapshot_tree(&a), snapshot_tree(&b), "byte-identical sites");

    let again = build(inputs.path(), &a, &[]);
    assert_eq!(
        stdout(&again),
        format!(
            "site {}: 2 systems, 4 weeks (0 drawn); 0 files written, 21 unchanged\n",
            a.display()
        )
    );
    // One finding of the second system's second week changes: that week
    // is drawn again; the index, its history and its latest page change;
    // its PDF, Markdown and JSON are new; nothing else is touched.
    let before = snapshot_tree(&a);
    let file = inputs
        .path()
        .join("second/payments-2025-10-07/assessment.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("assessor = \"", "assessor = \"Dr. ", 1),
    )
    .unwrap();
    let changed = build(inputs.path(), &a, &[]);
    assert!(changed.status.success(), "{}", stderr(&changed));
    let said = stdout(&changed);
    assert!(said.contains("(1 drawn)"), "{said}");
    let after = snapshot_tree(&a);
    let differ: Vec<String> = before
        .iter()
        .zip(&after)
        .filter(|(x, y)| x != y)
        .map(|(x, _)| x.0.to_string_lossy().into_owned())
        .collect();
    assert_eq!(before.len(), after.len());
    assert!(
        differ
            .iter()
            .all(|p| p.starts_with("payments/2025-10-07/") || p == ".readiness-site.json"),
        "{differ:?}"
    );
    assert!(
        differ.contains(&"payments/2025-10-07/index.html".to_owned()),
        "{differ:?}"
    );
    // The counts are what changed on disk.
    let written = differ.iter().filter(|p| !p.starts_with('.')).count();
    assert!(
        said.contains(&format!("; {written} files written")),
        "{said} vs {differ:?}"
    );
    // Another paper is another PDF: every week is drawn again.
    let letter = build(inputs.path(), &a, &["--paper", "letter"]);
    assert!(stdout(&letter).contains("(4 drawn)"), "{}", stdout(&letter));
}

#[test]
fn a_broken_input_is_reported_and_the_rest_is_published() {
    let inputs = inputs();
    let broken = inputs.path().join("second/payments-2025-10-14");
    copy_tree(&inputs.path().join("second/payments-2025-10-07"), &broken);
    let file = broken.join("assessment.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("date = ", "date = \"next week\"\nx = ", 1),
    )
    .unwrap();
    // A week that builds but holds text the PDF's fonts lack: a warning
    // naming the file from the site's input.
    let component = inputs
        .path()
        .join("second/payments-2025-10-07/components/1-frontend.toml");
    let text = std::fs::read_to_string(&component).unwrap();
    assert!(text.contains("title = \"Technology Stack\""));
    std::fs::write(
        &component,
        text.replacen(
            "title = \"Technology Stack\"",
            "title = \"技術 Technology Stack\"",
            1,
        ),
    )
    .unwrap();
    let out = inputs.path().join("site");
    let run = build(inputs.path(), &out, &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stdout(&run));
    let err = stderr(&run);
    assert!(
        err.starts_with("warning: second/payments-2025-10-07/components/1-frontend.toml:"),
        "{err}"
    );
    assert!(
        err.contains(
            "field `strength[1].title`: the PDF's fonts have no glyph for 技 (U+6280), 術 (U+8853)"
        ),
        "{err}"
    );
    assert!(
        err.contains("error: assessment.toml:5:8: field `date`: invalid date `next week`"),
        "{err}"
    );
    assert!(
        err.ends_with("2 problems found in `second/payments-2025-10-14`: left out of the site\n"),
        "{err}"
    );
    assert!(
        stdout(&run).contains("1 input left out"),
        "{}",
        stdout(&run)
    );
    assert!(out.join("payments/2025-10-07/index.html").is_file());
    assert!(!out.join("payments/2025-10-14").exists());
    let latest = std::fs::read_to_string(out.join("payments/latest/index.html")).unwrap();
    assert!(latest.contains("../2025-10-07/index.html"));
}

#[test]
fn a_folder_that_is_not_a_site_is_not_replaced_and_a_bad_address_is_refused() {
    let inputs = inputs();
    let out = inputs.path().join("docs");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let run = build(inputs.path(), &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("is not a site made by readiness"),
        "{}",
        stderr(&run)
    );
    assert_eq!(snapshot_tree(&out).len(), 1, "untouched");

    let site_dir = inputs.path().join("site");
    let run = build(
        inputs.path(),
        &site_dir,
        &["--base-url", "javascript:alert(1)"],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("--base-url"), "{}", stderr(&run));
    assert!(!site_dir.exists(), "nothing written");
    let leftovers: Vec<_> = std::fs::read_dir(inputs.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_sitemap_lists_every_page_under_the_base_url() {
    let inputs = inputs();
    let out = inputs.path().join("site");
    let run = build(
        inputs.path(),
        &out,
        &["--base-url", "https://docs.example.com/readiness"],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://docs.example.com/readiness/index.html"));
    assert!(locs.contains(&"https://docs.example.com/readiness/payments/2025-09-30/index.html"));
    // Every page but the `latest/` redirects.
    let pages = snapshot_tree(&out)
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .filter(|(p, _)| !p.to_string_lossy().contains("latest"))
        .count();
    assert_eq!(locs.len(), pages);
    assert!(!locs.iter().any(|l| l.contains("latest")));
}

/// Serves `root` under `/docs/readiness/` on 127.0.0.1 (GET only, one
/// request per connection) until the test ends.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).map_or(true, |n| n == 0) || header == "\r\n" {
                    break;
                }
            }
            let path = line.split(' ').nth(1).unwrap_or("/");
            let file = path
                .strip_prefix("/docs/readiness/")
                .filter(|p| !p.split('/').any(|s| s == ".."))
                .map(|p| root.join(p))
                .filter(|p| p.is_file());
            let _ = match file {
                Some(f) => {
                    let body = std::fs::read(f).unwrap();
                    write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .and_then(|()| stream.write_all(&body))
                }
                None => write!(
                    stream,
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                ),
            };
        }
    });
    port
}

#[test]
fn every_link_resolves_when_the_site_is_served_from_a_sub_path() {
    let inputs = inputs();
    let out = inputs.path().join("site");
    assert!(build(inputs.path(), &out, &[]).status.success());
    let port = serve(out.clone());
    let base = format!("http://127.0.0.1:{port}/docs/readiness/");
    let mut seen = BTreeSet::new();
    let mut fetched = 0;
    let mut queue = VecDeque::from(["index.html".to_owned()]);
    while let Some(page) = queue.pop_front() {
        if !seen.insert(page.clone()) {
            continue;
        }
        let url = format!("{base}{page}");
        let mut response = ureq::get(&url)
            .call()
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        fetched += 1;
        if !page.ends_with(".html") {
            let body = response
                .body_mut()
                .with_config()
                .limit(50 << 20)
                .read_to_vec()
                .unwrap();
            assert!(!body.is_empty(), "{url} is empty");
            continue;
        }
        let html = response.body_mut().read_to_string().unwrap();
        for link in links(&html) {
            if link.starts_with('#') || is_external(&link) {
                continue;
            }
            let path = link.split('#').next().unwrap();
            let target = resolve(folder_of(&page), path)
                .unwrap_or_else(|| panic!("{page}: {link} leaves the site"));
            queue.push_back(target);
        }
    }
    // Every file of the site but the manifest is reached over HTTP.
    let files = snapshot_tree(&out)
        .iter()
        .filter(|(p, _)| !p.to_string_lossy().starts_with('.'))
        .count();
    assert_eq!(fetched, files);
}

/// Found by review: a run whose every input fails leaves the published
/// site as it was; two assessments of one day (at different times) are one
/// folder, so the second is left out; a hand-edited manifest cannot make
/// the site write outside its folder.
#[test]
fn a_failed_run_keeps_the_site_and_the_manifest_names_no_path() {
    let inputs = inputs();
    let out = inputs.path().join("public/site");
    assert!(build(inputs.path(), &out, &[]).status.success());
    let before = snapshot_tree(&out);

    let run = site(&["missing", "-o", out.to_str().unwrap()], inputs.path());
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stdout(&run).contains("nothing published, no input built (1 input left out"),
        "{}",
        stdout(&run)
    );
    assert_eq!(snapshot_tree(&out), before, "the site is as it was");

    // The same day, another time.
    let again = inputs.path().join("second/payments-2025-10-07-late");
    copy_tree(&inputs.path().join("second/payments-2025-10-07"), &again);
    let file = again.join("assessment.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("2025-10-07T14:57:00Z"), "{text}");
    std::fs::write(
        &file,
        text.replace("2025-10-07T14:57:00Z", "2025-10-07T18:00:00Z"),
    )
    .unwrap();
    let run = build(inputs.path(), &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("is given twice"), "{}", stderr(&run));
    std::fs::remove_dir_all(&again).unwrap();

    // A manifest record whose id is a path is not trusted.
    let manifest = out.join(".readiness-site.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    assert!(text.contains("\"id\": \"payments\""));
    std::fs::write(
        &manifest,
        text.replace("\"id\": \"payments\"", "\"id\": \"../../escaped\""),
    )
    .unwrap();
    let run = build(inputs.path(), &out, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!inputs.path().join("escaped").exists());
    assert!(!out.join("../../escaped").exists());
    assert!(out.join("payments/2025-10-07/index.html").is_file());
}
