#!/usr/bin/env python3
"""Build time of DigitalOcean's generated client (BENCHMARKS.md, "From an OpenAPI
document"), with scopes against the same operations without them.

Generates the client from ../shared/specs/digitalocean.yaml (or $AUTH_SPECS_DIR) with the
release-built generator, and writes two crates in target/openapi-bench/ (a workspace of
their own, sharing this repository's auth-core): `do-scoped`, the output as it is, and
`do-plain`, the same output with the `scopes!` module removed and every
`#[authenticated(scope = ...)]` made `#[authenticated]` (the same methods, types and
docs, no scope checks). Builds their dependencies once, then times `cargo build` of each
crate alone, debug profile, alternating A B A B: after touching the crate's source, and
from clean (`cargo clean -p`). Peak memory is the largest `rustc` (GNU time's maximum
resident set of the build, whose largest process is the crate's rustc). A third
round pairs `do-scoped` with itself (A/A) for the noise.

With `--split`, where the time goes instead: four crates of the same output, built after
a touch and from clean, `--runs` times each in rotation: `do-scoped` (as it is),
`do-plain` (no scope checks), `do-untyped` (every type of the `types` module replaced by
`serde_json::Value`: the `#[api]` expansion, the scope checks and the docs, without
typify's types and their serde derives) and `do-bare` (untyped and without scopes: the
`#[api]` expansion alone).

With `--baseline FILE`, before against after: FILE is the source an earlier generator
wrote for the same document (`git stash; cargo build --release -p auth-openapi;
target/release/auth-openapi ../shared/specs/digitalocean.yaml -o FILE`), built as
`do-baseline` and paired with `do-scoped` (touched and clean), with an A/A round pairing
`do-baseline` with itself.

With `--droplets`, one tag against the same operations written by hand: `do-generated`,
the crate `auth-openapi --crate` writes for the whole document, built with
`--no-default-features --features droplets` (19 methods and the types they reach),
paired with `do-handwritten`, `bench/baselines/droplets.rs` (the same 19 operations on
reqwest + serde, every schema they use as a struct), touched and clean, with an A/A
round pairing `do-handwritten` with itself.

Usage: python3 bench/openapi_build.py [--runs N] [--split | --baseline FILE | --droplets]
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "openapi-bench"
SPECS = Path(os.environ.get("AUTH_SPECS_DIR", ROOT.parent / "shared" / "specs"))
SPEC = SPECS / "digitalocean.yaml"

MANIFEST = """[package]
name = "do-{name}"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
auth-core = {{ path = "{core}", features = ["default"] }}
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std"] }}
regress = {{ version = "0.12", default-features = false, features = ["std"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
uuid = {{ version = "1", default-features = false, features = ["serde"] }}
"""

HANDWRITTEN = """[package]
name = "do-handwritten"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
bytes = "1"
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std"] }}
reqwest = {{ version = "0.13", default-features = false, features = ["json", "query"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
"""

# Cargo arguments of each crate's build beyond `-p`.
FEATURES = {"generated": ["--no-default-features", "--features", "droplets"]}


def without_scopes(code: str) -> str:
    """The generated source with no scope checks: same methods, types and docs."""
    out, in_module, in_attribute = [], False, False
    for line in code.split("\n"):
        stripped = line.strip()
        if line.startswith("::auth_core::scopes! {"):
            in_module = True
            continue
        if in_module:
            in_module = line != "}"
            continue
        if stripped.startswith("#[authenticated("):
            in_attribute = not stripped.split("//")[0].strip().endswith(")]")
            out.append(line[: len(line) - len(line.lstrip())] + "#[authenticated]")
            continue
        if in_attribute:
            in_attribute = not stripped.split("//")[0].strip().endswith(")]")
            continue
        line = re.sub(r"#\[::auth_core::api\(scopes = [a-z_]+\)\]", "#[::auth_core::api]", line)
        line = re.sub(r"#\[::auth_core::api\(scopes = [a-z_]+, ", "#[::auth_core::api(", line)
        out.append(line)
    return "\n".join(out)


def untyped(code: str) -> str:
    """The generated source with every type of its `types` module a `serde_json::Value`:
    the same traits, methods, scopes and docs, without typify's types."""
    lines = code.split("\n")
    start = lines.index("pub mod types {")
    # The module's attributes (`#[allow(...)]`, its doc) sit just above it.
    while start > 0 and lines[start - 1].startswith(("#[", "///")):
        start -= 1
    end = next(i for i in range(start, len(lines)) if lines[i] == "}" and i > start)
    rest = lines[:start] + lines[end + 1 :]
    text = "\n".join(rest)
    names = sorted(set(re.findall(r"\btypes::([A-Za-z_][A-Za-z0-9_]*)", text)))
    aliases = "\n".join(f"    pub type {n} = ::serde_json::Value;" for n in names)
    return text + "\npub mod types {\n" + aliases + "\n}\n"


def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def timed(cmd):
    """Wall seconds and peak resident KiB of `cmd` (GNU time)."""
    start = time.monotonic()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M"] + cmd, cwd=OUT, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    wall = time.monotonic() - start
    return wall, int(done.stderr.strip().splitlines()[-1])


def build(name, clean):
    if clean:
        run(["cargo", "clean", "-q", "-p", f"do-{name}"], cwd=OUT)
    else:
        (OUT / name / "src" / "lib.rs").touch()
    return timed(["cargo", "build", "-q", "-p", f"do-{name}"] + FEATURES.get(name, []))


def main():
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    run(["cargo", "build", "-q", "--release", "-p", "auth-openapi"], cwd=ROOT)
    generated = subprocess.run(
        [str(ROOT / "target" / "release" / "auth-openapi"), str(SPEC)],
        check=True, capture_output=True, text=True,
    ).stdout
    # The crates are written afresh; their target directory stays, so that a second run
    # does not build the dependencies again.
    for old in OUT.glob("*"):
        if old.name != "target":
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    if "--droplets" in sys.argv:
        crates = [("generated", None), ("handwritten", (ROOT / "bench" / "baselines" / "droplets.rs").read_text())]
    elif "--baseline" in sys.argv:
        baseline = Path(sys.argv[sys.argv.index("--baseline") + 1]).read_text()
        crates = [("scoped", generated), ("baseline", baseline)]
    else:
        crates = [
            ("scoped", generated),
            ("plain", without_scopes(generated)),
            ("untyped", untyped(generated)),
            ("bare", untyped(without_scopes(generated))),
        ]
    for name, code in crates:
        if code is None:
            # The whole crate as the CLI writes it.
            core = f'{{ path = "{ROOT / "auth-core"}", features = ["default"] }}'
            run([str(ROOT / "target" / "release" / "auth-openapi"), str(SPEC), "--crate",
                 str(OUT / name), "--name", f"do-{name}", "--auth-core", core])
            continue
        (OUT / name / "src").mkdir(parents=True)
        manifest = HANDWRITTEN if name == "handwritten" else MANIFEST
        (OUT / name / "Cargo.toml").write_text(manifest.format(name=name, core=ROOT / "auth-core"))
        (OUT / name / "src" / "lib.rs").write_text(code)
    members = ", ".join(f'"{name}"' for name, _ in crates)
    (OUT / "Cargo.toml").write_text(f"[workspace]\nmembers = [{members}]\nresolver = \"3\"\n")
    shutil.copy(ROOT / "Cargo.lock", OUT / "Cargo.lock")
    for name, _ in crates:
        run(["cargo", "build", "-q", "-p", f"do-{name}"] + FEATURES.get(name, []), cwd=OUT)

    if "--split" in sys.argv:
        names = [name for name, _ in crates]
        # A clean build takes four times a touched one: a third as many rounds.
        for label, clean, rounds in [("touched", False, runs), ("clean", True, max(1, runs // 3))]:
            walls = {name: [] for name in names}
            peaks = {name: [] for name in names}
            for i in range(rounds):
                # Rotated, so that drift hits each crate alike.
                for name in names[i % len(names):] + names[: i % len(names)]:
                    wall, peak = build(name, clean)
                    walls[name].append(wall)
                    peaks[name].append(peak)
            base = statistics.median(walls["scoped"])
            for name in names:
                wall = statistics.median(walls[name])
                print(
                    f"{label:8} do-{name:8} {wall:6.1f} s ({min(walls[name]):.1f}-{max(walls[name]):.1f}) "
                    f"{wall / base:5.2f} of do-scoped, peak {statistics.median(peaks[name]) / 1024:5.0f} MiB"
                )
        return

    if "--droplets" in sys.argv:
        ours, other = "generated", "handwritten"
    else:
        ours, other = "scoped", "baseline" if "--baseline" in sys.argv else "plain"
    for label, clean, pair in [
        ("touched", False, (ours, other)),
        ("touched A/A", False, (ours, ours) if other == "plain" else (other, other)),
        ("clean", True, (ours, other)),
        ("clean A/A", True, (other, other)),
    ]:
        if label == "clean A/A" and other == "plain":
            continue
        a_runs, b_runs, ratios = [], [], []
        # A clean build takes four times a touched one: half as many pairs.
        for i in range(max(2, runs // 2) if clean else runs):
            order = [0, 1] if i % 2 == 0 else [1, 0]
            results = {}
            for k in order:
                results[k] = build(pair[k], clean)
            a_runs.append(results[0])
            b_runs.append(results[1])
            ratios.append(results[0][0] / results[1][0])
        med = lambda xs: statistics.median(xs)
        print(
            f"{label:12} {pair[0]} {med([a[0] for a in a_runs]):6.2f} s "
            f"(peak {med([a[1] for a in a_runs]) / 1024:5.0f} MiB)  "
            f"{pair[1]} {med([b[0] for b in b_runs]):6.2f} s "
            f"(peak {med([b[1] for b in b_runs]) / 1024:5.0f} MiB)  "
            f"ratio {med(ratios):.2f} [{min(ratios):.2f}-{max(ratios):.2f}]"
        )


if __name__ == "__main__":
    main()
