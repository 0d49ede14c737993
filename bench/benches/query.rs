//! `#[query]` arguments into a URL: `Request::query`, as generated methods call it,
//! against serde_html_form writing the same pairs into a URL string by hand, for the
//! argument shapes generated methods pass: a struct of fields (one optional, one
//! repeated), a single value, and a list. (Before `Request::query` used serde_html_form,
//! it used a serializer of this crate's own, at 1.25× the hand-written figure; see
//! BENCHMARKS.md.)
//!
//! `cargo bench -p auth-bench --bench query [-- --quick]`

use std::hint::black_box;

use auth_bench::{Rounds, ns_per_iter, quick};
use auth_core::manifest::{Auth, Endpoint};
use serde::Serialize;

#[derive(Serialize)]
struct Filter {
    status: &'static str,
    limit: u32,
    cursor: Option<&'static str>,
    tags: Vec<&'static str>,
}

static ENDPOINT: Endpoint = Endpoint {
    name: "list",
    method: "GET",
    path: "/orders",
    auth: Auth::Public,
};

const BASE: &str = "https://api.example.com/v1";

fn main() {
    let core = auth_core::__private_0_1::ClientCore::new(
        auth_core::TokenCache::from(auth_core::StaticToken::new("t").unwrap()),
        BASE,
    );
    let filter = Filter {
        status: "paid",
        limit: 50,
        cursor: Some("c-0123456789"),
        tags: vec!["a", "b c", "d/e"],
    };
    let tags = vec!["x", "y", "z"];

    // The same URL both ways, checked once.
    let ours = {
        let mut r = core.request(&ENDPOINT);
        r.path("/orders");
        r.query("filter", &filter);
        r.query("page", &3u32);
        r.query("ids", &tags);
        format!("{r:?}")
    };
    let theirs = serde_html_form_url(&filter, &tags);
    assert!(ours.contains(&theirs), "{ours}\n{theirs}");

    let iters = if quick() { 20_000 } else { 200_000 };
    let rounds = if quick() { 3 } else { 7 };
    let mut results = Rounds::new(
        "ns to build `/orders?<struct>&page=3&ids=x&ids=y&ids=z` through `Request::query`",
        rounds,
    );
    for round in 0..rounds {
        let mut order = [
            "serde_html_form by hand (baseline)",
            "serde_html_form by hand, A/A copy",
            "Request::query",
        ];
        if round % 2 == 1 {
            order.reverse();
        }
        for name in order {
            results.measure(name, || match name {
                "Request::query" => ns_per_iter(iters, || {
                    let mut r = core.request(&ENDPOINT);
                    r.path("/orders");
                    r.query("filter", black_box(&filter));
                    r.query("page", black_box(&3u32));
                    r.query("ids", black_box(&tags));
                    black_box(r);
                }),
                _ => ns_per_iter(iters, || {
                    black_box(serde_html_form_url(black_box(&filter), black_box(&tags)));
                }),
            });
        }
    }
    println!("{}", results.report("serde_html_form by hand (baseline)"));
}

/// The URL through serde_html_form: the struct spreads, a single value and a list go as
/// pairs (a list value repeats its key).
fn serde_html_form_url(filter: &Filter, tags: &[&str]) -> String {
    let mut url = String::with_capacity(BASE.len() + 64);
    url.push_str(BASE);
    url.push_str("/orders?");
    serde_html_form::ser::push_to_string(&mut url, filter).unwrap();
    url.push('&');
    serde_html_form::ser::push_to_string(&mut url, [("page", 3u32)]).unwrap();
    for tag in tags {
        url.push('&');
        serde_html_form::ser::push_to_string(&mut url, [("ids", tag)]).unwrap();
    }
    url
}
