//! Path templates: `/orders/{id}/items/{item}`.

/// One piece of a path template.
#[derive(Debug, PartialEq, Eq)]
pub enum Part {
    /// Sent as written.
    Literal(String),
    /// `{name}`: an argument, percent-encoded.
    Param(String),
}

/// Splits a template into literal and parameter parts. The error says what is wrong in
/// the user's words.
pub fn parse(template: &str) -> Result<Vec<Part>, String> {
    if !template.starts_with('/') {
        return Err(format!(
            "the path must start with `/`: write \"/{template}\""
        ));
    }
    if let Some(c) = template.chars().find(|c| matches!(c, '?' | '#')) {
        return Err(format!(
            "the path contains `{c}`: pass query parameters as a `#[query]` argument instead"
        ));
    }
    if template.chars().any(char::is_whitespace) {
        return Err("the path contains whitespace".into());
    }
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err("the path has a `}` without a matching `{`".into());
        }
        if open > 0 {
            parts.push(Part::Literal(rest[..open].to_owned()));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| "the path has a `{` without a matching `}`".to_owned())?;
        let name = &after[..close];
        if !is_ident(name) {
            return Err(format!(
                "`{{{name}}}` is not a parameter: write the name of an argument, as in `{{id}}`"
            ));
        }
        if parts
            .iter()
            .any(|p| matches!(p, Part::Param(n) if n == name))
        {
            return Err(format!("the path uses `{{{name}}}` twice"));
        }
        parts.push(Part::Param(name.to_owned()));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest.to_owned()));
    }
    Ok(parts)
}

/// Whether `s` can be a Rust identifier (ASCII subset, which is what paths use).
pub fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && s != "_"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert_eq!(
            parse("/orders/{id}/items/{item}.json").unwrap(),
            [
                Part::Literal("/orders/".into()),
                Part::Param("id".into()),
                Part::Literal("/items/".into()),
                Part::Param("item".into()),
                Part::Literal(".json".into()),
            ]
        );
        assert_eq!(parse("/").unwrap(), [Part::Literal("/".into())]);
        assert!(parse("orders").unwrap_err().contains("start with `/`"));
        assert!(parse("/orders?x=1").unwrap_err().contains("#[query]"));
        assert!(
            parse("/orders/{id")
                .unwrap_err()
                .contains("without a matching `}`")
        );
        assert!(
            parse("/orders/id}")
                .unwrap_err()
                .contains("without a matching `{`")
        );
        assert!(
            parse("/orders/{}")
                .unwrap_err()
                .contains("is not a parameter")
        );
        assert!(parse("/a/{x}/{x}").unwrap_err().contains("twice"));
    }
}
