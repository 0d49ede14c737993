//! How each style finds the next page from an answer, on the shapes providers document.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue, LINK};

use super::{Paging, Walk};
use crate::pipeline::RawResponse;

fn page(body: &str) -> RawResponse {
    RawResponse {
        status: StatusCode::OK,
        headers: HeaderMap::new(),
        body: Bytes::from(body.to_owned()),
    }
}

fn next(
    paging: Paging,
    url: &str,
    body: &str,
    count: Option<usize>,
) -> Result<Option<String>, String> {
    let mut walk = Walk::default();
    walk.fetching(url);
    walk.next(&paging, url, &page(body), count)
}

#[test]
fn digitalocean_next_url_in_the_body() {
    // https://docs.digitalocean.com/reference/api/digitalocean/#section/Introduction/Links-and-Pagination
    let paging = Paging::next_url("/links/pages/next").items("/droplets");
    let url = "https://api.digitalocean.com/v2/droplets?per_page=1";
    let body = r#"{"droplets": [{"id": 1}], "links": {"pages": {
        "next": "https://api.digitalocean.com/v2/droplets?page=2&per_page=1",
        "last": "https://api.digitalocean.com/v2/droplets?page=3&per_page=1"}}, "meta": {"total": 3}}"#;
    assert_eq!(
        next(paging, url, body, None).unwrap().as_deref(),
        Some("https://api.digitalocean.com/v2/droplets?page=2&per_page=1")
    );
    let last = r#"{"droplets": [{"id": 3}], "links": {"pages": {"first": "https://api.digitalocean.com/v2/droplets?page=1&per_page=1"}}, "meta": {"total": 3}}"#;
    assert_eq!(next(paging, url, last, None).unwrap(), None);
}

#[test]
fn asana_next_page_uri_and_offset() {
    // https://developers.asana.com/docs/pagination
    let body = r#"{"data": [{"gid": "1"}], "next_page": {"offset": "eyJ0eXAiOJiKV1iQLCJhbGciOiJIUzI1NiJ9",
        "path": "/tasks?project=1337&limit=5&offset=eyJ0eXAiOJiKV1iQLCJhbGciOiJIUzI1NiJ9",
        "uri": "https://app.asana.com/api/1.0/tasks?project=1337&limit=5&offset=eyJ0eXAiOJiKV1iQLCJhbGciOiJIUzI1NiJ9"}}"#;
    let url = "https://app.asana.com/api/1.0/tasks?project=1337&limit=5";
    let by_uri = next(Paging::next_url("/next_page/uri"), url, body, None).unwrap();
    let by_offset = next(
        Paging::cursor("/next_page/offset", "offset"),
        url,
        body,
        None,
    )
    .unwrap();
    assert_eq!(
        by_uri.as_deref(),
        Some(
            "https://app.asana.com/api/1.0/tasks?project=1337&limit=5&offset=eyJ0eXAiOJiKV1iQLCJhbGciOiJIUzI1NiJ9"
        )
    );
    assert_eq!(by_offset, by_uri);
    let last = r#"{"data": [{"gid": "9"}], "next_page": null}"#;
    assert_eq!(
        next(
            Paging::cursor("/next_page/offset", "offset"),
            url,
            last,
            None
        )
        .unwrap(),
        None
    );
}

#[test]
fn slack_cursor_replaces_the_previous_one() {
    // https://api.slack.com/apis/pagination
    let paging = Paging::cursor("/response_metadata/next_cursor", "cursor").items("/channels");
    let url = "https://slack.com/api/conversations.list?limit=2&cursor=dXNlcjpVMDYxTkZUVDI%3D";
    let body = r#"{"ok": true, "channels": [], "response_metadata": {"next_cursor": "dGVhbTpDMDYxRkE1UEI="}}"#;
    assert_eq!(
        next(paging, url, body, None).unwrap().as_deref(),
        Some("https://slack.com/api/conversations.list?limit=2&cursor=dGVhbTpDMDYxRkE1UEI%3D")
    );
    let last = r#"{"ok": true, "channels": [], "response_metadata": {"next_cursor": ""}}"#;
    assert_eq!(next(paging, url, last, None).unwrap(), None);
    let numeric = r#"{"response_metadata": {"next_cursor": 42}}"#;
    assert!(
        next(paging, url, numeric, None)
            .unwrap()
            .unwrap()
            .ends_with("cursor=42")
    );
}

#[test]
fn link_header_relative_targets_resolve_against_the_page() {
    let mut raw = page("[]");
    raw.headers.insert(
        LINK,
        HeaderValue::from_static(r#"</api/v1/timelines/home?max_id=7>; rel="next""#),
    );
    let url = "https://mastodon.example/api/v1/timelines/home?limit=2";
    let mut walk = Walk::default();
    assert_eq!(
        walk.next(&Paging::link_header(), url, &raw, None)
            .unwrap()
            .as_deref(),
        Some("https://mastodon.example/api/v1/timelines/home?max_id=7")
    );
}

#[test]
fn page_numbers_until_the_total() {
    let url = "https://api.example/v1/issues?per_page=2";
    let pages = Paging::page_number("page")
        .total_pages("/meta/pages")
        .items("/issues");
    let body = r#"{"issues": [1, 2], "meta": {"page": 1, "pages": 2}}"#;
    assert_eq!(
        next(pages, url, body, Some(2)).unwrap().as_deref(),
        Some("https://api.example/v1/issues?per_page=2&page=2")
    );
    let second = "https://api.example/v1/issues?per_page=2&page=2";
    assert_eq!(next(pages, second, body, Some(2)).unwrap(), None);

    let items = Paging::page_number("page")
        .total_items("/meta/total")
        .items("/issues");
    let mut walk = Walk::default();
    let body = |n| format!(r#"{{"issues": [{n}, {n}], "meta": {{"total": 3}}}}"#);
    assert!(
        walk.next(&items, url, &page(&body(1)), Some(2))
            .unwrap()
            .is_some()
    );
    assert_eq!(
        walk.next(&items, second, &page(&body(2)), Some(2)).unwrap(),
        None
    );

    let untotalled = Paging::page_number("page").items("/issues");
    assert!(
        next(untotalled, url, r#"{"issues": [1]}"#, Some(1))
            .unwrap()
            .is_some()
    );
    assert_eq!(
        next(untotalled, url, r#"{"issues": []}"#, Some(0)).unwrap(),
        None
    );
}

#[test]
fn the_credential_never_follows_a_next_page_to_another_server() {
    let paging = Paging::next_url("/next");
    let url = "https://api.example/v1/items";
    for elsewhere in [
        "https://evil.example/v1/items?page=2",
        "http://api.example/v1/items?page=2",
        "https://api.example:8443/v1/items?page=2",
        "//evil.example/steal",
    ] {
        let body = format!(r#"{{"next": "{elsewhere}"}}"#);
        let e = next(paging, url, &body, None).unwrap_err();
        assert!(e.contains("another server"), "{elsewhere}: {e}");
    }
}

#[test]
fn a_repeating_cursor_or_page_stops_the_walk() {
    let paging = Paging::cursor("/next", "cursor");
    let mut walk = Walk::default();
    let first = "https://api.example/v1/items";
    walk.fetching(first);
    let second = walk
        .next(&paging, first, &page(r#"{"next": "a", "n": 1}"#), None)
        .unwrap()
        .unwrap();
    walk.fetching(&second);
    let third = walk
        .next(&paging, &second, &page(r#"{"next": "b", "n": 2}"#), None)
        .unwrap()
        .unwrap();
    walk.fetching(&third);
    let e = walk
        .next(&paging, &third, &page(r#"{"next": "a", "n": 3}"#), None)
        .unwrap_err();
    assert!(e.contains("page 3 names a page already fetched"), "{e}");

    // A server that ignores the page number answers the same page again.
    let numbers = Paging::page_number("page");
    let mut walk = Walk::default();
    let body = page("[1, 2]");
    let two = walk.next(&numbers, first, &body, Some(2)).unwrap().unwrap();
    let e = walk.next(&numbers, &two, &body, Some(2)).unwrap_err();
    assert!(e.contains("page 2 has the same body as page 1"), "{e}");
}

#[test]
fn bodies_that_are_not_the_expected_json_are_errors_not_ends() {
    let e = next(
        Paging::next_url("/next"),
        "https://api.example/",
        r#"{"next": 7}"#,
        None,
    )
    .unwrap_err();
    assert!(
        e.contains("page 1 is not the JSON its paging expects"),
        "{e}"
    );
    let e = next(
        Paging::next_url("/next"),
        "https://api.example/",
        "<html>",
        None,
    )
    .unwrap_err();
    assert!(e.contains("not the JSON"), "{e}");
}
