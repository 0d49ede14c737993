#!/usr/bin/env python3
"""Compile time of annotated traits (see BENCHMARKS.md), two ways.

Default: a 100-method annotated trait against the same 100 methods written by hand on
reqwest + serde. Generates crates in target/compile-bench/ (a workspace of their own,
sharing this repository's auth-core), builds their dependencies once, then times `cargo
build` of each crate alone, debug profile: from clean (`cargo clean -p <crate>`) and after
touching the file that declares the API. Contenders alternate; each figure is the median
of the runs, with the ratio generated / hand-written per run and its min-max. A
hand-written copy (A/A control) shows the noise.

--sweep: the same kind of trait on scope modules of 10, 50, 100, 200 and 500 scopes
(`write_i => read_i` pairs), with 100 and 1,000 methods; clean `cargo build`, and `cargo
build` and `cargo check` after touching the API file; each figure a ratio to the same
trait on a 10-scope module, built in the same round (a copy of that crate is the A/A
control). Writes target/compile-bench/sweep-<label>.json. `--core PATH` builds against
another auth-core (an older checkout, for a before/after comparison).

--plot OUT.svg A.json [B.json ...]: draws touched-build time against scope count, one
line per file and method count.

Usage: python3 bench/compile_time.py [--runs N] [--quick] [--core PATH]
       python3 bench/compile_time.py --sweep [--runs N] [--label L] [--core PATH]
                                    [--scopes 10,500] [--methods 100,1000]
       python3 bench/compile_time.py --plot bench/compile_time.svg A.json B.json
"""
import json
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
# The hand-written client sends its query with reqwest's `query` feature; every crate
# depends on it alike, so that all of them build against the same dependencies.
reqwest = {{ version = "0.13", default-features = false, features = ["query"] }}
"""

CRATE_TOML = """[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
auth-core.workspace = true
serde.workspace = true
reqwest.workspace = true
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


SWEEP_SCOPES = [10, 50, 100, 200, 500]
SWEEP_METHODS = [100, 1000]

SWEEP_TYPES = """use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct Thing {
    pub id: u64,
    pub name: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Page {
    pub limit: u32,
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct NewThing {
    pub name: String,
    pub tags: Vec<String>,
}
"""


def sweep_api(scopes: int, methods: int) -> str:
    """A trait of `methods` methods on a module of `scopes` scopes (write_i => read_i)."""
    pairs = scopes // 2
    decls = ",\n        ".join(f"read_{i}, write_{i} => read_{i}" for i in range(pairs))
    out = [
        "use auth_core::{Error, api, scopes};",
        "use crate::types::*;",
        "",
        "scopes! {",
        "    /// Scopes.",
        "    pub mod shop {",
        f"        {decls},",
        "    }",
        "}",
        "",
        "/// The API.",
        '#[api(scopes = shop, production = "https://api.example")]',
        "pub trait Shop {",
    ]
    for i in range(methods):
        k = kind(i)
        pair = i % pairs
        if k == "get":
            out.append(f"""    /// Thing {i}.
    #[get("/things{i}/{{id}}")]
    #[authenticated(scope = "read_{pair}")]
    async fn get_thing_{i}(&self, id: u64, #[query] page: &Page) -> Result<Thing, Error>;
""")
        elif k == "post":
            out.append(f"""    /// Creates thing {i}.
    #[post("/things{i}")]
    #[authenticated(scope = "write_{pair}")]
    async fn create_thing_{i}(&self, #[body] body: &NewThing) -> Result<Thing, Error>;
""")
        else:
            out.append(f"""    /// Replaces thing {i}.
    #[put("/things{i}/{{id}}")]
    #[authenticated(scope = "write_{pair}")]
    async fn put_thing_{i}(&self, id: u64, #[body] body: &NewThing) -> Result<(), Error>;
""")
    out.append("}")
    return "\n".join(out)


def write_sweep_crate(name: str, scopes: int, methods: int) -> None:
    src = OUT / name / "src"
    src.mkdir(parents=True, exist_ok=True)
    (OUT / name / "Cargo.toml").write_text(CRATE_TOML.format(name=name))
    (src / "lib.rs").write_text("//! A generated API client.\n\npub mod api;\npub mod types;\n")
    (src / "types.rs").write_text(SWEEP_TYPES)
    (src / "api.rs").write_text(sweep_api(scopes, methods))


def sweep(runs: int, label: str, core: Path) -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    crates = {}
    for m in SWEEP_METHODS:
        for s in SWEEP_SCOPES:
            crates[f"s{s}_m{m}"] = (s, m)
        crates[f"s10_m{m}_copy"] = (10, m)
    members = ", ".join(f'"{c}"' for c in crates)
    (OUT / "Cargo.toml").write_text(
        CARGO_TOML.format(core=core).replace('members = ["generated", "hand", "hand_copy"]', f"members = [{members}]")
    )
    shutil.copy(ROOT / "Cargo.lock", OUT / "Cargo.lock")
    shutil.copy(ROOT / "rust-toolchain.toml", OUT / "rust-toolchain.toml")
    for name, (s, m) in crates.items():
        write_sweep_crate(name, s, m)
    print(f"building dependencies once ({label}, auth-core at {core})...", flush=True)
    first = next(iter(crates))
    cargo("build", "-p", first)
    cargo("check", "-p", first)
    results = {name: {"scopes": s, "methods": m, "clean": [], "touched": [], "check": []} for name, (s, m) in crates.items()}
    for r in range(runs):
        order = list(crates)
        if r % 2:
            order.reverse()
        for crate in order:
            cargo("clean", "-p", crate)
            results[crate]["clean"].append(cargo("build", "-p", crate))
            (OUT / crate / "src" / "api.rs").touch()
            results[crate]["touched"].append(cargo("build", "-p", crate))
            (OUT / crate / "src" / "api.rs").touch()
            results[crate]["check"].append(cargo("check", "-p", crate))
            print(f"  run {r + 1}/{runs} {crate}: " + ", ".join(f"{k} {results[crate][k][-1]:.2f} s" for k in ("clean", "touched", "check")), flush=True)
    out = OUT.parent / f"sweep-{label}.json"
    out.write_text(json.dumps({"label": label, "core": str(core), "runs": runs, "results": results}, indent=1))
    print(f"\nwrote {out}\n")
    print_sweep(json.loads(out.read_text()))


def print_sweep(data: dict) -> None:
    results = data["results"]
    print(f"Compile time by scope count ({data['label']}, {data['runs']} runs; median s, ratio to the 10-scope module, min–max)\n")
    print("| scopes | methods | clean build | ratio | touched build | ratio | touched check | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for m in SWEEP_METHODS:
        base = results[f"s10_m{m}"]
        for name in [f"s{s}_m{m}" for s in SWEEP_SCOPES] + [f"s10_m{m}_copy"]:
            row = results[name]
            label = f"{row['scopes']} (A/A copy)" if name.endswith("_copy") else str(row["scopes"])
            cells = []
            for k in ("clean", "touched", "check"):
                ratios = [a / b for a, b in zip(row[k], base[k])]
                cells.append(f"{statistics.median(row[k]):.2f} | {statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})")
            print(f"| {label} | {m} | " + " | ".join(cells) + " |")


def plot(out: Path, files: list) -> None:
    """Touched `cargo build` time against scope count, one line per file and method count."""
    series = []
    for f in files:
        data = json.loads(Path(f).read_text())
        for m in SWEEP_METHODS:
            pts = [(s, statistics.median(data["results"][f"s{s}_m{m}"]["touched"])) for s in SWEEP_SCOPES]
            series.append((f"{data['label']}, {m} methods", pts))
    width, height, left, bottom, top, right = 720, 440, 70, 60, 30, 250
    xmax = max(SWEEP_SCOPES)
    ymax = max(t for _, pts in series for _, t in pts) * 1.1
    def x(s): return left + (width - left - right) * s / xmax
    def y(t): return height - bottom - (height - bottom - top) * t / ymax
    colors = ["#c0392b", "#e67e22", "#2471a3", "#17a589", "#7d3c98", "#7f8c8d"]
    dashes = ["", "6,4"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="18" font-size="14">Touched rebuild (cargo build, debug) against scope count</text>',
             f'<line x1="{left}" y1="{y(0)}" x2="{x(xmax)}" y2="{y(0)}" stroke="black"/>',
             f'<line x1="{left}" y1="{y(0)}" x2="{left}" y2="{y(ymax)}" stroke="black"/>']
    for s in SWEEP_SCOPES:
        parts.append(f'<line x1="{x(s)}" y1="{y(0)}" x2="{x(s)}" y2="{y(0) + 5}" stroke="black"/><text x="{x(s)}" y="{y(0) + 20}" text-anchor="middle">{s}</text>')
    step = max(1, round(ymax / 6))
    t = 0
    while t <= ymax:
        parts.append(f'<line x1="{left - 5}" y1="{y(t)}" x2="{x(xmax)}" y2="{y(t)}" stroke="#ddd"/><text x="{left - 8}" y="{y(t) + 4}" text-anchor="end">{t} s</text>')
        t += step
    parts.append(f'<text x="{(left + x(xmax)) / 2}" y="{height - 15}" text-anchor="middle">scopes in the module</text>')
    for i, (name, pts) in enumerate(series):
        color = colors[(i // len(SWEEP_METHODS)) % len(colors)]
        dash = dashes[i % len(SWEEP_METHODS)]
        path = " ".join(f"{x(s):.1f},{y(t):.1f}" for s, t in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2" stroke-dasharray="{dash}"/>')
        for s, t in pts:
            parts.append(f'<circle cx="{x(s):.1f}" cy="{y(t):.1f}" r="3" fill="{color}"/>')
        ly = top + 20 + 20 * i
        parts.append(f'<line x1="{width - right + 15}" y1="{ly}" x2="{width - right + 45}" y2="{ly}" stroke="{color}" stroke-width="2" stroke-dasharray="{dash}"/><text x="{width - right + 52}" y="{ly + 4}">{name}</text>')
    parts.append("</svg>")
    out.write_text("\n".join(parts) + "\n")
    print(f"wrote {out}")


def main() -> None:
    if "--plot" in sys.argv:
        i = sys.argv.index("--plot")
        plot(Path(sys.argv[i + 1]), sys.argv[i + 2:])
        return
    if "--sweep" in sys.argv:
        global SWEEP_SCOPES, SWEEP_METHODS
        if "--scopes" in sys.argv:
            SWEEP_SCOPES = [int(s) for s in sys.argv[sys.argv.index("--scopes") + 1].split(",")]
        if "--methods" in sys.argv:
            SWEEP_METHODS = [int(m) for m in sys.argv[sys.argv.index("--methods") + 1].split(",")]
        runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
        label = sys.argv[sys.argv.index("--label") + 1] if "--label" in sys.argv else "current"
        core = Path(sys.argv[sys.argv.index("--core") + 1]).resolve() if "--core" in sys.argv else ROOT / "auth-core"
        sweep(runs, label, core)
        return
    quick = "--quick" in sys.argv
    runs = 3 if quick else 5
    if "--runs" in sys.argv:
        runs = int(sys.argv[sys.argv.index("--runs") + 1])
    core = Path(sys.argv[sys.argv.index("--core") + 1]).resolve() if "--core" in sys.argv else ROOT / "auth-core"
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    (OUT / "Cargo.toml").write_text(CARGO_TOML.format(core=core))
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
