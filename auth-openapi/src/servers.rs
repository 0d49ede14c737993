//! Server URLs as `#[api]` takes them: a plain https URL, or a template whose variables
//! are the tenant's part (`https://{hostname}`, Okta's `https://{yourOktaDomain}`), which
//! the client's constructor takes. A host label that is a placeholder in prose
//! (Atlassian's `https://your-domain.atlassian.net`) is such a variable too: a literal
//! that is wrong for every tenant would only fail at run time.

use crate::names;

/// `url` as `#[api(production = ...)]` takes it: variables named as identifiers
/// (`{your_domain}`), without a trailing `/`; `None` when it is not an https URL.
pub(crate) fn template(url: &str) -> Option<String> {
    let url = url.trim().trim_end_matches('/');
    let (scheme, rest) = url.split_once("://")?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host: Vec<String> = host
        .split('.')
        .map(
            |label| match label.strip_prefix('{').and_then(|l| l.strip_suffix('}')) {
                Some(name) => format!("{{{}}}", names::snake(name)),
                None if is_placeholder(label) => format!("{{{}}}", names::snake(label)),
                None => label.to_owned(),
            },
        )
        .collect();
    let mut renamed = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        renamed.push_str(&rest[..open]);
        renamed.push_str(&format!("{{{}}}", names::snake(&rest[open + 1..close])));
        rest = &rest[close + 1..];
    }
    renamed.push_str(rest);
    let path = renamed;
    let template = format!("{scheme}://{}{path}", host.join("."));
    auth_codegen::rules::server::variables(&template)
        .ok()
        .map(|_| template)
}

/// What tells servers apart for grouping: the template with its variables' names left
/// out, so that two servers differing only in a variable's name are one.
pub(crate) fn key(url: &str) -> String {
    let template = template(url).unwrap_or_else(|| url.trim_end_matches('/').to_owned());
    let mut out = String::with_capacity(template.len());
    let mut inside = false;
    for c in template.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// A host label that stands for the reader's own (`your-domain`, `yourDomain`,
/// `YOUR_SUBDOMAIN`).
fn is_placeholder(label: &str) -> bool {
    let lower = label.to_ascii_lowercase();
    lower.len() > 4 && lower.starts_with("your")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_as_templates() {
        assert_eq!(
            template("https://api.digitalocean.com/").as_deref(),
            Some("https://api.digitalocean.com")
        );
        assert_eq!(
            template("https://your-domain.atlassian.net").as_deref(),
            Some("https://{your_domain}.atlassian.net")
        );
        assert_eq!(
            template("https://{yourOktaDomain}").as_deref(),
            Some("https://{your_okta_domain}")
        );
        assert_eq!(
            template("https://{hostname}").as_deref(),
            Some("https://{hostname}")
        );
        assert_eq!(
            template("https://{region}.api.example.com/{basePath}").as_deref(),
            Some("https://{region}.api.example.com/{base_path}")
        );
        assert_eq!(template("http://example.com"), None);
        assert_eq!(template("/relative"), None);
        assert_eq!(
            key("https://{tenant}.example.com"),
            key("https://{account}.example.com")
        );
        assert_ne!(
            key("https://{tenant}.example.com"),
            key("https://{tenant}.example.org")
        );
    }
}
