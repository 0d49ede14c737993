//! What can go wrong, and what the generator chose to do instead.

use std::fmt;

/// A document the generator cannot read: not YAML or JSON, or not an OpenAPI document.
/// It names where: the line and column of a syntax error, or the JSON pointer of the
/// node whose shape is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The JSON pointer of the node (`/paths/~1v2~1droplets/get`), when the document
    /// parsed but a node has the wrong shape.
    pub pointer: Option<String>,
    /// Line and column (from 1) of a syntax error.
    pub location: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl Error {
    pub(crate) fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            pointer: Some(pointer.into()),
            location: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.pointer, self.location) {
            (Some(pointer), _) => write!(f, "at {}: {}", display_pointer(pointer), self.message),
            (None, Some((line, column))) => {
                write!(f, "at line {line}, column {column}: {}", self.message)
            }
            (None, None) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Something the generator did not take as written, and what it did instead: the
/// node's JSON pointer, the reason, and the fallback (a raw response, a
/// `serde_json::Value`, a skipped operation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The JSON pointer of the node.
    pub pointer: String,
    /// What was not supported, and the fallback taken.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", display_pointer(&self.pointer), self.message)
    }
}

/// The root is the empty pointer; show it as `/`.
fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

/// `segment` escaped for a JSON pointer (RFC 6901: `~` as `~0`, `/` as `~1`).
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer's segment as the name it stands for (`~1` as `/`, `~0` as `~`).
pub(crate) fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// A JSON pointer from its segments.
pub(crate) fn pointer<'a>(segments: impl IntoIterator<Item = &'a str>) -> String {
    segments
        .into_iter()
        .map(|s| format!("/{}", escape(s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(
            pointer(["paths", "/v2/droplets", "get"]),
            "/paths/~1v2~1droplets/get"
        );
        assert_eq!(pointer(["a~b"]), "/a~0b");
        assert_eq!(unescape("a~01~1b"), "a~1/b");
        assert_eq!(Error::at("", "x").to_string(), "at /: x");
    }
}
