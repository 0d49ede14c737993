//! Compile errors a user of the generated DigitalOcean client meets: one file each.

#![cfg(has_spec)]

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
