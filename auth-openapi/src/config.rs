//! What the generator is told besides the document.

use serde::Deserialize;

/// Options of a generation. `Config::default()` takes the document as it is.
///
/// As JSON (the command line's `--config`):
///
/// ```json
/// { "name": "DigitalOcean", "implies": [[":update", ":read"], [":create", ":read"]] }
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The base name of the traits (`DigitalOcean` gives `DigitalOcean`,
    /// `DigitalOceanInference`, ...); by default the document's title in UpperCamelCase,
    /// without a trailing `Api`.
    #[serde(default)]
    pub name: Option<String>,
    /// Implication rules by suffix: `(":update", ":read")` makes every `x:update` imply
    /// `x:read` when the document has both. None by default: the generator never
    /// invents an implication.
    #[serde(default)]
    pub implies: Vec<(String, String)>,
    /// The path of the runtime crate in generated code (`::auth_core` by default).
    #[serde(default)]
    pub runtime: Option<String>,
}

impl Config {
    /// Adds an implication rule: every scope ending in `from` implies the same scope
    /// ending in `to`, when the document declares both.
    #[must_use]
    pub fn implies(mut self, from: &str, to: &str) -> Self {
        self.implies.push((from.to_owned(), to.to_owned()));
        self
    }

    /// Sets the base name of the traits.
    #[must_use]
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.to_owned());
        self
    }

    /// Reads a configuration from JSON.
    ///
    /// # Errors
    ///
    /// The text is not JSON, or names an unknown option.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}
