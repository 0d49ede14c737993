//! Compile-time behaviour of the macros: every mistake a user can make has a test in
//! `tests/ui/` whose `.stderr` snapshot was reviewed by a person, and `tests/pass/` holds
//! code that must compile without warnings.
//!
//! After a deliberate change to an error message, run `TRYBUILD=overwrite cargo test
//! --test ui` and read every changed `.stderr` before committing it.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/pass/*.rs");
    t.compile_fail("tests/ui/*.rs");
}
