//! Secrets never reach evidence: passwords in URLs, token-like query
//! parameters, and the values of credential headers and variables are
//! replaced by `***` before anything is recorded.

/// What a secret is replaced by.
pub const MASK: &str = "***";

/// Whether a header, query parameter or variable name is one that holds
/// credentials (`Authorization`, `Cookie`, `X-Api-Key`, `access_token`…).
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    const EXACT: [&str; 6] = [
        "authorization",
        "cookie",
        "set-cookie",
        "sig",
        "code",
        "auth",
    ];
    const PARTS: [&str; 8] = [
        "token",
        "key",
        "secret",
        "password",
        "passwd",
        "session",
        "signature",
        "credential",
    ];
    EXACT.contains(&n.as_str())
        || n.ends_with("-authorization")
        || PARTS.iter().any(|p| n.contains(p))
}

/// A URL with its userinfo password and token-like query values masked.
pub fn url(text: &str) -> String {
    let Some(scheme_end) = text.find("://") else {
        return text.to_owned();
    };
    let after = scheme_end + 3;
    let authority_end = text[after..]
        .find(['/', '?', '#'])
        .map_or(text.len(), |i| after + i);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..after]);
    let authority = &text[after..authority_end];
    match authority.rfind('@') {
        Some(at) => {
            let user = &authority[..at];
            match user.find(':') {
                Some(colon) => out.push_str(&format!("{}:{MASK}", &user[..colon])),
                None => out.push_str(MASK),
            }
            out.push_str(&authority[at..]);
        }
        None => out.push_str(authority),
    }
    let rest = &text[authority_end..];
    let (before_fragment, fragment) = match rest.find('#') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    match before_fragment.find('?') {
        Some(q) => {
            out.push_str(&before_fragment[..=q]);
            let pairs: Vec<String> = before_fragment[q + 1..]
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((k, _)) if is_secret_name(k) => format!("{k}={MASK}"),
                    _ => pair.to_owned(),
                })
                .collect();
            out.push_str(&pairs.join("&"));
        }
        None => out.push_str(before_fragment),
    }
    out.push_str(fragment);
    out
}

/// Free text (an error message, output) with every URL in it masked.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        // The URL starts at the scheme before `://`.
        let start = rest[..i]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |j| j + 1);
        let end = rest[i..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
            .map_or(rest.len(), |j| i + j);
        out.push_str(&rest[..start]);
        out.push_str(&url(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A command-line word as recorded: `--token=…`, `PASSWORD=…` and URLs
/// lose their secret.
pub fn arg(word: &str) -> String {
    if let Some((name, _)) = word.split_once('=')
        && !name.contains("://")
        && is_secret_name(name.trim_start_matches('-'))
    {
        return format!("{name}={MASK}");
    }
    text(word)
}

/// A header's value as recorded: masked when the header holds credentials.
pub fn header(name: &str, value: &str) -> String {
    if is_secret_name(name) {
        MASK.to_owned()
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_secrets_and_keep_the_rest() {
        assert_eq!(
            url("https://bob:hunter2@example.com:8443/a?x=1&token=abc&api_key=k#f"),
            "https://bob:***@example.com:8443/a?x=1&token=***&api_key=***#f"
        );
        assert_eq!(url("http://tok@h/"), "http://***@h/");
        assert_eq!(url("http://h/p?page=2"), "http://h/p?page=2");
        assert_eq!(url("no url"), "no url");
    }

    #[test]
    fn urls_inside_text_are_masked() {
        assert_eq!(
            text("redirect to http://u:p@h/x?access_token=1 failed"),
            "redirect to http://u:***@h/x?access_token=*** failed"
        );
    }

    #[test]
    fn credential_headers_are_masked() {
        for name in [
            "Authorization",
            "Proxy-Authorization",
            "Cookie",
            "X-Auth-Token",
            "X-Api-Key",
            "PRIVATE-TOKEN",
        ] {
            assert_eq!(header(name, "s3cret"), MASK, "{name}");
        }
        assert_eq!(header("Accept", "text/html"), "text/html");
    }

    #[test]
    fn credential_arguments_are_masked() {
        assert_eq!(arg("--api-token=abc"), "--api-token=***");
        assert_eq!(arg("DB_PASSWORD=hunter2"), "DB_PASSWORD=***");
        assert_eq!(arg("--level=debug"), "--level=debug");
        assert_eq!(arg("https://u:p@h/"), "https://u:***@h/");
    }
}
