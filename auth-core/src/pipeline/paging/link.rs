//! The `rel="next"` target of an RFC 8288 `Link` header
//! (`Link: <https://mastodon.example/api/v1/timelines/home?max_id=7>; rel="next", <...>; rel="prev"`).
//!
//! Small enough to read here rather than take a crate for: links are `<URI>` followed by
//! `;`-separated parameters, separated by commas outside quotes; `rel` may be quoted and
//! may hold several space-separated relation types.

use reqwest::header::{HeaderMap, LINK};

/// The target of the first link whose relation types include `next`, from every `Link`
/// header of the answer. A header that is not text is skipped.
pub(crate) fn next(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| links(v).find(|(_, rels)| is_next(rels)).map(|(uri, _)| uri))
}

fn is_next(rels: &str) -> bool {
    rels.split_ascii_whitespace()
        .any(|r| r.eq_ignore_ascii_case("next"))
}

/// Each link of one header value: its target and its `rel` parameter (empty without
/// one). Parsing stops at the first malformed link.
fn links(value: &str) -> impl Iterator<Item = (String, String)> + '_ {
    let mut rest = value;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        let after = rest.strip_prefix('<')?;
        let end = after.find('>')?;
        let uri = after[..end].trim().to_owned();
        rest = &after[end + 1..];
        let mut rel = String::new();
        // Parameters: `; name=value` or `; name="quoted, value"`, up to the next comma.
        loop {
            rest = rest.trim_start_matches([' ', '\t']);
            let Some(param) = rest.strip_prefix(';') else {
                break;
            };
            let param = param.trim_start_matches([' ', '\t']);
            let name_end = param.find(['=', ';', ',']).unwrap_or(param.len());
            let name = param[..name_end].trim();
            rest = &param[name_end..];
            let value = match rest.strip_prefix('=') {
                Some(v) => {
                    let v = v.trim_start_matches([' ', '\t']);
                    if let Some(quoted) = v.strip_prefix('"') {
                        let close = quoted.find('"').unwrap_or(quoted.len());
                        rest = quoted.get(close + 1..).unwrap_or("");
                        &quoted[..close]
                    } else {
                        let end = v.find([';', ',']).unwrap_or(v.len());
                        rest = &v[end..];
                        v[..end].trim()
                    }
                }
                None => "",
            };
            // RFC 8288 §3: a second `rel` is ignored.
            if name.eq_ignore_ascii_case("rel") && rel.is_empty() {
                rel = value.to_owned();
            }
        }
        Some((uri, rel))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(LINK, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn mastodons_link_header() {
        // https://docs.joinmastodon.org/api/guidelines/#pagination
        let h = headers(&[
            r#"<https://mastodon.example/api/v1/accounts/1/followers?limit=2&max_id=7628164>; rel="next", <https://mastodon.example/api/v1/accounts/1/followers?limit=2&since_id=7628165>; rel="prev""#,
        ]);
        assert_eq!(
            next(&h).as_deref(),
            Some("https://mastodon.example/api/v1/accounts/1/followers?limit=2&max_id=7628164")
        );
    }

    #[test]
    fn githubs_link_header_with_next_not_first() {
        // https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
        let h = headers(&[
            r#"<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=4>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last", <https://api.github.com/repositories/1300192/issues?page=1>; rel="first""#,
        ]);
        assert_eq!(
            next(&h).as_deref(),
            Some("https://api.github.com/repositories/1300192/issues?page=4")
        );
    }

    #[test]
    fn unquoted_several_relations_commas_in_quotes_and_several_headers() {
        let h = headers(&[r#"</a>; title="x, y"; rel=prev"#, r#"</b>;rel="last NEXT""#]);
        assert_eq!(next(&h).as_deref(), Some("/b"));
        let h = headers(&["</c>; rel=next; rel=prev"]);
        assert_eq!(next(&h).as_deref(), Some("/c"));
    }

    #[test]
    fn no_next_and_malformed_values() {
        assert_eq!(next(&headers(&[r#"</a>; rel="prev""#])), None);
        assert_eq!(next(&HeaderMap::new()), None);
        assert_eq!(next(&headers(&[r#"https://x/a; rel="next""#])), None);
        assert_eq!(next(&headers(&[r#"<https://x/a; rel="next""#])), None);
        assert_eq!(next(&headers(&[r#"</a>; rel="next"#])), Some("/a".into()));
    }
}
