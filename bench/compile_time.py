#!/usr/bin/env python3
"""Compile time of a 100-method annotated trait against the same 100 methods written by
hand on reqwest + serde (see BENCHMARKS.md).

Generates two crates in target/compile-bench/ (a workspace of their own, sharing this
repository's auth-core), builds their dependencies once, then times `cargo build` of each
crate alone, debug profile: from clean (`cargo clean -p <crate>`) and after touching the
file that declares the API. Contenders alternate; each figure is the median of the runs,
with the ratio generated / hand-written per run and its min-max. A hand-written copy
(A/A control) shows the noise.

Usage: python3 bench/compile_time.py [--runs N] [--quick]
"""
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "compile-bench"
METHODS = 100

CARGO_TOML = """[workspace]
members = ["generated", "hand", "hand_copy"]
resolver = "3"

[workspace.dependencies]
auth-core = {{ path = "{core}" }}
serde = {{ version = "1", features = ["derive"] }}
"""

CRATE_TOML = """[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
auth-core.workspace = true
serde.workspace = true
"""


def types() -> str:
    out = ["use serde::{Deserialize, Serialize};", ""]
    for i in range(METHODS):
        out.append(f"""#[derive(Debug, Deserialize)]
pub struct Resp{i} {{
    pub id: u64,
    pub name: String,
    pub status: String,
    pub description: Option<String>,
    pub active: bool,
    pub tags: Vec<String>,
    pub quantity: u32,
    pub price: f64,
    pub created_at: String,
    pub owner: Option<u64>,
}}

#[derive(Debug, Serialize)]
pub struct Query{i} {{
    pub limit: u32,
    pub cursor: Option<String>,
    pub sort: String,
}}

#[derive(Debug, Serialize)]
pub struct Body{i} {{
    pub name: String,
    pub quantity: u32,
    pub tags: Vec<String>,
}}
""")
    return "\n".join(out)


def kind(i: int) -> str:
    return ("get", "post", "put")[i % 3]


def generated_api() -> str:
    out = [
        "use auth_core::{Error, api, scopes};",
        "use crate::types::*;",
        "",
        "scopes! {",
        "    /// Scopes.",
        "    pub mod shop { read, write => read, admin => * }",
        "}",
        "",
        "/// The API.",
        '#[api(scopes = shop, production = "https://api.example", staging = "https://staging.api.example")]',
        "pub trait Shop {",
    ]
    for i in range(METHODS):
        k = kind(i)
        if k == "get":
            out.append(f"""    /// Thing {i}.
    #[get("/things{i}/{{id}}")]
    #[authenticated(scope = "read")]
    async fn get_thing_{i}(&self, id: u64, #[query] query: &Query{i}) -> Result<Resp{i}, Error>;
""")
        elif k == "post":
            out.append(f"""    /// Creates thing {i}.
    #[post("/things{i}")]
    #[authenticated(scope = "write")]
    async fn create_thing_{i}(&self, #[body] body: &Body{i}) -> Result<Resp{i}, Error>;
""")
        else:
            out.append(f"""    /// Replaces thing {i}.
    #[put("/things{i}/{{id}}")]
    #[authenticated(scope = "write")]
    async fn put_thing_{i}(&self, id: u64, #[query] query: &Query{i}, #[body] body: &Body{i}) -> Result<Resp{i}, Error>;
""")
    out.append("}")
    return "\n".join(out)


def hand_api() -> str:
    out = [
        "use auth_core::reqwest;",
        "use crate::types::*;",
        "",
        "/// Errors of the hand-written client.",
        "#[derive(Debug)]",
        "pub enum Error {",
        "    /// Transport or decoding.",
        "    Http(reqwest::Error),",
        "    /// An error status.",
        "    Status(reqwest::StatusCode),",
        "}",
        "",
        "impl From<reqwest::Error> for Error {",
        "    fn from(e: reqwest::Error) -> Self {",
        "        Error::Http(e)",
        "    }",
        "}",
        "",
        "/// The API, by hand.",
        "pub struct ShopClient {",
        "    http: reqwest::Client,",
        "    base: String,",
        "    token: String,",
        "}",
        "",
        "impl ShopClient {",
        "    /// A client.",
        "    pub fn new(http: reqwest::Client, base: String, token: String) -> Self {",
        "        ShopClient { http, base, token }",
        "    }",
        "",
        "    async fn finish<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> Result<T, Error> {",
        "        if !response.status().is_success() {",
        "            return Err(Error::Status(response.status()));",
        "        }",
        "        Ok(response.json().await?)",
        "    }",
    ]
    for i in range(METHODS):
        k = kind(i)
        if k == "get":
            out.append(f"""
    /// Thing {i}.
    pub async fn get_thing_{i}(&self, id: u64, query: &Query{i}) -> Result<Resp{i}, Error> {{
        let response = self
            .http
            .get(format!("{{}}/things{i}/{{id}}", self.base))
            .query(query)
            .bearer_auth(&self.token)
            .send()
            .await?;
        Self::finish(response).await
    }}""")
        elif k == "post":
            out.append(f"""
    /// Creates thing {i}.
    pub async fn create_thing_{i}(&self, body: &Body{i}) -> Result<Resp{i}, Error> {{
        let response = self
            .http
            .post(format!("{{}}/things{i}", self.base))
            .json(body)
            .bearer_auth(&self.token)
            .send()
            .await?;
        Self::finish(response).await
    }}""")
        else:
            out.append(f"""
    /// Replaces thing {i}.
    pub async fn put_thing_{i}(&self, id: u64, query: &Query{i}, body: &Body{i}) -> Result<Resp{i}, Error> {{
        let response = self
            .http
            .put(format!("{{}}/things{i}/{{id}}", self.base))
            .query(query)
            .json(body)
            .bearer_auth(&self.token)
            .send()
            .await?;
        Self::finish(response).await
    }}""")
    out.append("}")
    return "\n".join(out)


def write_crate(name: str, api: str) -> None:
    src = OUT / name / "src"
    src.mkdir(parents=True, exist_ok=True)
    (OUT / name / "Cargo.toml").write_text(CRATE_TOML.format(name=name))
    (src / "lib.rs").write_text("//! A 100-method API client.\n\npub mod api;\npub mod types;\n")
    (src / "types.rs").write_text(types())
    (src / "api.rs").write_text(api)


def cargo(*args: str) -> float:
    start = time.monotonic()
    subprocess.run(["cargo", *args], cwd=OUT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


def main() -> None:
    quick = "--quick" in sys.argv
    runs = 3 if quick else 5
    if "--runs" in sys.argv:
        runs = int(sys.argv[sys.argv.index("--runs") + 1])
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    (OUT / "Cargo.toml").write_text(CARGO_TOML.format(core=ROOT / "auth-core"))
    shutil.copy(ROOT / "Cargo.lock", OUT / "Cargo.lock")
    shutil.copy(ROOT / "rust-toolchain.toml", OUT / "rust-toolchain.toml")
    write_crate("generated", generated_api())
    write_crate("hand", hand_api())
    write_crate("hand_copy", hand_api())
    print("building dependencies once...", flush=True)
    cargo("build", "--workspace")

    names = {"hand": "hand-written (baseline)", "hand_copy": "hand-written (A/A copy)", "generated": "generated (#[api])"}
    clean = {n: [] for n in names}
    touch = {n: [] for n in names}
    for r in range(runs):
        order = ["hand", "hand_copy", "generated"]
        if r % 2:
            order.reverse()
        for crate in order:
            cargo("clean", "-p", crate)
            clean[crate].append(cargo("build", "-p", crate))
            (OUT / crate / "src" / "api.rs").touch()
            touch[crate].append(cargo("build", "-p", crate))
        print(f"run {r + 1}/{runs} done", flush=True)

    for title, data in (("from clean", clean), ("after touching the API file", touch)):
        print(f"\nCompile time of the crate alone, debug, {title} ({runs} runs; s)\n")
        print("| crate | median s | ratio to hand-written | min–max |\n|---|---|---|---|")
        for crate, label in names.items():
            ratios = [a / b for a, b in zip(data[crate], data["hand"])]
            print(f"| {label} | {statistics.median(data[crate]):.2f} | {statistics.median(ratios):.2f} | {min(ratios):.2f}–{max(ratios):.2f} |")


if __name__ == "__main__":
    main()
