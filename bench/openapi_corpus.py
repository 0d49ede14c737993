#!/usr/bin/env python3
"""Generation time, peak memory and output size of the OpenAPI front end on every real
document in ../shared/specs (BENCHMARKS.md §4c), and `cargo check` time of each output.

For each document, with its configuration from interop/: the release-built generator of
this checkout (B) against a baseline generator (A, `--baseline PATH`, for instance one
built from an earlier commit), alternating A B A B ..., `--runs` times each; the median
wall time, the ratio B/A with the spread of the per-round ratios, and B's peak resident
memory (GNU time). A third contender runs B against itself (A/A) for the noise. One more
document, `all-seven`, is every document merged into one (paths and components renamed
apart): several times DigitalOcean's size, to show how generation grows.

Then each output is compiled alone as a crate (against this checkout's auth-core, its
dependencies built first) and `cargo check` is timed after a touch, `--runs` times.

Usage: python3 bench/openapi_corpus.py [--runs N] [--baseline PATH] [--no-check]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = Path(os.environ.get("AUTH_SPECS_DIR", ROOT.parent / "shared" / "specs"))
OUT = ROOT / "target" / "openapi-corpus"
CLI = ROOT / "target" / "release" / "auth-openapi"

DOCUMENTS = [
    ("digitalocean", "digitalocean.yaml", {"name": "DigitalOcean"}),
    ("figma", "corpus/figma/openapi.yaml", None),
    ("xero", "corpus/xero/xero_accounting.yaml", None),
    ("discord", "corpus/discord/openapi.json", None),
    ("asana", "corpus/asana/asana_oas.yaml", None),
    ("mastodon", "corpus/mastodon/schema.json", None),
    ("jira", "corpus/jira/swagger-v3.v3.json", None),
]

CRATE = """[package]
name = "gen-{name}"
version = "0.1.0"
edition = "2024"
publish = false

[lib]
path = "lib.rs"

[dependencies]
auth-core = {{ path = "{core}", features = ["default"] }}
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std"] }}
regress = {{ version = "0.12", default-features = false, features = ["std"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
uuid = {{ version = "1", default-features = false, features = ["serde"] }}
"""


def config_of(name, inline):
    if inline is not None:
        return inline
    return json.loads((ROOT / "interop" / "corpus" / name / "config.json").read_text())


def load(path):
    import yaml  # PyYAML, for the YAML documents

    text = path.read_text()
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def merged():
    """Every document in one: paths under /<name>, components prefixed with <Name>."""
    out = {
        # 3.1, as three of them are: the reader takes 3.0 and 3.1 words alike then.
        "openapi": "3.1.0",
        "info": {"title": "All seven", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {},
        "components": {},
    }
    for name, rel, _ in DOCUMENTS:
        doc = load(SPECS / rel)
        prefix = name.capitalize()
        text = json.dumps(doc, default=str)
        for kind in ["schemas", "responses", "parameters", "requestBodies", "securitySchemes",
                     "headers", "examples"]:
            text = text.replace(f'"#/components/{kind}/', f'"#/components/{kind}/{prefix}')
        doc = json.loads(text)
        for path, item in doc.get("paths", {}).items():
            if isinstance(item, dict):
                for op in item.values():
                    if isinstance(op, dict) and "operationId" in op:
                        op["operationId"] = f"{name}_{op['operationId']}"
                        op["security"] = [
                            {f"{prefix}{k}": v for k, v in r.items()}
                            for r in op.get("security", doc.get("security", []))
                        ]
            out["paths"][f"/{name}{path}"] = item
        for kind, entries in doc.get("components", {}).items():
            target = out["components"].setdefault(kind, {})
            for key, value in entries.items():
                target[f"{prefix}{key}"] = value
    path = OUT / "all-seven.json"
    path.write_text(json.dumps(out, default=str))
    return path


def timed(cmd):
    """Wall seconds and peak RSS (KiB) of `cmd`, or None when it fails."""
    start = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if run.returncode != 0:
        print(f"<!-- {' '.join(cmd[:2])} failed: {run.stderr.strip().splitlines()[0][:300]} -->")
        return None
    rss = int(run.stderr.strip().splitlines()[-1])
    return wall, rss


def generate(cli, document, config, output):
    cfg = OUT / f"{output.stem}.config.json"
    cfg.write_text(json.dumps(config))
    return timed([str(cli), str(document), "--config", str(cfg), "-o", str(output)])


def spread(ratios):
    ratios = sorted(ratios)
    return f"{statistics.median(ratios):.3f} ({ratios[0]:.3f}-{ratios[-1]:.3f})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--no-check", action="store_true")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "auth-openapi"], cwd=ROOT, check=True)
    OUT.mkdir(parents=True, exist_ok=True)
    documents = [(n, SPECS / rel, config_of(n, c)) for n, rel, c in DOCUMENTS]
    documents.append(("all-seven", merged(), {"name": "AllSeven"}))
    print("| document | size | operations | B median | B peak RSS | lines | B/A | A/A |")
    print("|---|---|---|---|---|---|---|---|")
    outputs = []
    for name, path, config in documents:
        output = OUT / f"{name}.rs"
        base = args.baseline or CLI
        times_a, times_b, times_aa, ratios, aa, rss = [], [], [], [], [], []
        # The baseline may predate configuration keys: it gets the name only.
        base_config = config if args.baseline is None else {"name": config.get("name", name)}
        for _ in range(args.runs):
            a = generate(base, path, base_config, OUT / f"{name}.a.rs")
            b, m = generate(CLI, path, config, output)
            c, _ = generate(CLI, path, config, OUT / f"{name}.c.rs")
            times_b.append(b)
            times_aa.append(c)
            aa.append(c / b)
            rss.append(m)
            if a is not None:
                times_a.append(a[0])
                ratios.append(b / a[0])
        lines = sum(1 for _ in output.open())
        ops = sum(
            1
            for item in load(path).get("paths", {}).values()
            if isinstance(item, dict)
            for verb in ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
            if verb in item
        )
        size = path.stat().st_size / 1e6
        print(
            f"| {name} | {size:.1f} MB | {ops} | {statistics.median(times_b):.2f} s | "
            f"{max(rss) / 1024:.0f} MiB | {lines} | "
            f"{spread(ratios) if ratios else 'A fails'} | {spread(aa)} |"
        )
        outputs.append((name, output))
    if args.no_check:
        return
    # `cargo check` of each output, as a crate of its own.
    members = []
    for name, output in outputs:
        crate = OUT / "check" / name
        crate.mkdir(parents=True, exist_ok=True)
        (crate / "Cargo.toml").write_text(CRATE.format(name=name, core=ROOT / "auth-core"))
        shutil.copy(output, crate / "lib.rs")
        members.append(f'"{name}"')
    (OUT / "check" / "Cargo.toml").write_text(f"[workspace]\nmembers = [{', '.join(members)}]\nresolver = \"3\"\n")
    shutil.copy(ROOT / "Cargo.lock", OUT / "check" / "Cargo.lock")
    env = dict(os.environ, CARGO_TARGET_DIR=str(OUT / "check" / "target"), CARGO_INCREMENTAL="0")
    subprocess.run(["cargo", "check", "-q", "-p", "auth-core"], cwd=OUT / "check", env=env, check=True)
    print()
    print("| output | cargo check after a touch (median) | warnings |")
    print("|---|---|---|")
    for name, _ in outputs:
        times, warnings = [], None
        for _ in range(args.runs):
            (OUT / "check" / name / "lib.rs").touch()
            start = time.perf_counter()
            run = subprocess.run(["cargo", "check", "-p", f"gen-{name}", "--message-format", "short"],
                                 cwd=OUT / "check", env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if run.returncode != 0:
                sys.exit(f"{name}: cargo check failed\n{run.stderr[-3000:]}")
            warnings = sum(1 for l in run.stderr.splitlines() if ": warning:" in l)
        print(f"| {name} | {statistics.median(times):.1f} s | {warnings} |")


if __name__ == "__main__":
    main()
