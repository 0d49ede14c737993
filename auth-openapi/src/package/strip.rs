// Leaves out of the generated source the items whose `#[cfg]` of features is off, before
// rustc reads it: what `cfg` would strip, without the parsing and the macro expansion of
// what it strips (the `#[api]` attribute sees a trait's methods before `cfg` is applied).
//
// This file is both a module of auth-openapi (where it is tested) and, as text, the body
// of a generated crate's `build.rs`: std only, no `crate::` paths.

/// `source` without the items whose `#[cfg(...)]` is false when the features `enabled`
/// says are on: what rustc's `cfg` would strip, before rustc parses it.
///
/// An item is found by its `#[cfg]`, which the generator puts first among its
/// attributes, and ends at the first line of code at its own indentation (as prettyplease
/// lays it out) that ends with `;` or `}`; lines that begin inside a block comment or a
/// string (a `/** */` doc of several lines) are not code. What is not certain (a condition
/// other than features, `any`, `all` and `not`; a layout not found) is kept: rustc's own
/// `cfg` still applies to it.
///
/// The build script of a crate [`generate_crate`](crate::generate_crate) writes is this
/// function; a crate generating its client in a build script of its own can call it too.
///
/// ```
/// let source = "pub trait Api {\n    #[cfg(feature = \"a\")]\n    fn a(&self);\n    fn b(&self);\n}\n";
/// let stripped = auth_openapi::strip_features(source, &|feature: &str| feature == "b");
/// assert_eq!(stripped, "pub trait Api {\n    fn b(&self);\n}\n");
/// ```
pub fn strip(source: &str, enabled: &dyn Fn(&str) -> bool) -> String {
    let lines = Lines::new(source);
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    while at < lines.text.len() {
        if let Some(end) = stripped_item(&lines, at, enabled) {
            at = end + 1;
            continue;
        }
        out.push_str(lines.text[at]);
        out.push('\n');
        at += 1;
    }
    out
}

/// The lines of a source, and which of them begin in code (not inside a block comment
/// or a string literal).
struct Lines<'a> {
    text: Vec<&'a str>,
    code: Vec<bool>,
}

impl<'a> Lines<'a> {
    fn new(source: &'a str) -> Self {
        let text: Vec<&str> = source.lines().collect();
        let mut lexer = Lexer::Code;
        let code = text
            .iter()
            .map(|line| {
                let starts_in_code = matches!(lexer, Lexer::Code);
                lexer = lexer.after(line);
                starts_in_code
            })
            .collect();
        Lines { text, code }
    }

    /// The indentation of line `at` when it is code and not blank.
    fn indentation(&self, at: usize) -> Option<usize> {
        if self.code[at] {
            indentation(self.text[at])
        } else {
            None
        }
    }
}

/// Where a line leaves the lexer.
#[derive(Clone, Copy)]
enum Lexer {
    Code,
    /// In a block comment, nested this deep.
    Block(usize),
    /// In a string literal.
    Str,
    /// In a raw string literal closed by `"` and this many `#`.
    Raw(usize),
}

impl Lexer {
    fn after(self, line: &str) -> Lexer {
        let bytes = line.as_bytes();
        let mut state = self;
        let mut at = 0;
        while at < bytes.len() {
            let rest = &bytes[at..];
            match state {
                Lexer::Block(depth) => {
                    if rest.starts_with(b"*/") {
                        state = if depth == 1 {
                            Lexer::Code
                        } else {
                            Lexer::Block(depth - 1)
                        };
                        at += 2;
                    } else if rest.starts_with(b"/*") {
                        state = Lexer::Block(depth + 1);
                        at += 2;
                    } else {
                        at += 1;
                    }
                }
                Lexer::Str => match rest[0] {
                    b'\\' => at += 2,
                    b'"' => {
                        state = Lexer::Code;
                        at += 1;
                    }
                    _ => at += 1,
                },
                Lexer::Raw(hashes) => {
                    if rest[0] == b'"'
                        && rest[1..]
                            .iter()
                            .take(hashes)
                            .filter(|b| **b == b'#')
                            .count()
                            == hashes
                    {
                        state = Lexer::Code;
                        at += 1 + hashes;
                    } else {
                        at += 1;
                    }
                }
                Lexer::Code => {
                    let after_word =
                        at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
                    if rest.starts_with(b"//") {
                        break;
                    } else if rest.starts_with(b"/*") {
                        state = Lexer::Block(1);
                        at += 2;
                    } else if rest[0] == b'"' {
                        state = Lexer::Str;
                        at += 1;
                    } else if rest[0] == b'r' && !after_word && raw_start(rest).is_some() {
                        let hashes = raw_start(rest).unwrap_or(0);
                        state = Lexer::Raw(hashes);
                        at += 2 + hashes;
                    } else if rest[0] == b'\'' {
                        // A char literal (`'"'`, `'\''`), or a lifetime (`'de`).
                        at += match rest.get(1..3) {
                            Some([b'\\', _]) => rest[2..]
                                .iter()
                                .position(|b| *b == b'\'')
                                .map_or(1, |p| p + 3),
                            Some([_, b'\'']) => 3,
                            _ => 1,
                        };
                    } else {
                        at += 1;
                    }
                }
            }
        }
        state
    }
}

/// `r"`, `r#"`, ...: how many `#` a raw string at the start of `rest` has.
fn raw_start(rest: &[u8]) -> Option<usize> {
    let hashes = rest[1..].iter().take_while(|b| **b == b'#').count();
    (rest.get(1 + hashes) == Some(&b'"')).then_some(hashes)
}

/// If line `at` opens an item whose `#[cfg]` is false, the line it ends on.
fn stripped_item(lines: &Lines<'_>, at: usize, enabled: &dyn Fn(&str) -> bool) -> Option<usize> {
    let indent = lines.indentation(at)?;
    let text = lines.text[at].trim_start();
    if !text.starts_with("#[cfg(") {
        return None;
    }
    // The attribute: this line, or (laid out over several) up to `)]` at its indentation.
    let mut condition = String::new();
    let mut last = at;
    if text.ends_with(")]") && balanced(text) {
        condition.push_str(text);
    } else {
        loop {
            condition.push_str(lines.text[last].trim());
            if last > at && lines.indentation(last) == Some(indent) {
                break;
            }
            last += 1;
            if last == lines.text.len() {
                return None;
            }
        }
        if !condition.ends_with(")]") {
            return None;
        }
    }
    let inner = condition.strip_prefix("#[cfg(")?.strip_suffix(")]")?;
    let mut parser = Condition {
        rest: inner,
        enabled,
    };
    let on = parser.predicate()?;
    if on || !parser.rest.trim().is_empty() {
        return None;
    }
    item_end(lines, last + 1, indent)
}

/// The line an item whose attributes end before `from` ends on: the first line of code
/// at `indent` that is not an attribute or a comment and ends with `;` or `}`.
fn item_end(lines: &Lines<'_>, from: usize, indent: usize) -> Option<usize> {
    for at in from..lines.text.len() {
        match lines.indentation(at) {
            None => continue,
            Some(deeper) if deeper > indent => continue,
            Some(same) if same == indent => {
                let text = lines.text[at].trim();
                if text.starts_with("//") || text.starts_with("/*") || text.starts_with('#') {
                    continue;
                }
                if text.ends_with(';') || text.ends_with('}') {
                    return Some(at);
                }
            }
            // Shallower: not the layout expected.
            Some(_) => return None,
        }
    }
    None
}

/// The indentation of a line that is not blank.
fn indentation(line: &str) -> Option<usize> {
    let text = line.trim_start();
    (!text.is_empty()).then(|| line.len() - text.len())
}

/// Whether the parentheses of a one-line attribute close (outside its strings).
fn balanced(text: &str) -> bool {
    let mut depth = 0i32;
    let mut quoted = false;
    let mut escaped = false;
    for c in text.chars() {
        match (quoted, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => quoted = false,
            (true, false, _) => {}
            (false, _, '"') => quoted = true,
            (false, _, '(') => depth += 1,
            (false, _, ')') => depth -= 1,
            _ => {}
        }
    }
    depth == 0 && !quoted
}

/// A `cfg` condition of features: `feature = "x"`, `any(..)`, `all(..)`, `not(..)`.
struct Condition<'a> {
    rest: &'a str,
    enabled: &'a dyn Fn(&str) -> bool,
}

impl Condition<'_> {
    fn predicate(&mut self) -> Option<bool> {
        self.rest = self.rest.trim_start();
        if let Some(rest) = self.rest.strip_prefix("feature") {
            let rest = rest.trim_start().strip_prefix('=')?.trim_start();
            let rest = rest.strip_prefix('"')?;
            let end = rest.find('"')?;
            let name = &rest[..end];
            if name.contains('\\') {
                return None;
            }
            self.rest = &rest[end + 1..];
            return Some((self.enabled)(name));
        }
        for (word, all) in [("any", false), ("all", true), ("not", true)] {
            let Some(rest) = self.rest.strip_prefix(word) else {
                continue;
            };
            self.rest = rest.trim_start().strip_prefix('(')?;
            let mut values = Vec::new();
            loop {
                self.rest = self.rest.trim_start();
                if let Some(rest) = self.rest.strip_prefix(')') {
                    self.rest = rest;
                    break;
                }
                values.push(self.predicate()?);
                self.rest = self.rest.trim_start();
                if let Some(rest) = self.rest.strip_prefix(',') {
                    self.rest = rest;
                } else if !self.rest.starts_with(')') {
                    return None;
                }
            }
            return match word {
                "not" if values.len() == 1 => Some(!values[0]),
                "not" => None,
                _ if all => Some(values.iter().all(|v| *v)),
                _ => Some(values.iter().any(|v| *v)),
            };
        }
        None
    }
}
