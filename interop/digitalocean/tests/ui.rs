//! Compile errors a user of the generated DigitalOcean client meets: one file each.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
