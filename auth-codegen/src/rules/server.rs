//! Server URL templates: a production URL with the tenant's part left open
//! (`https://{hostname}` for a Mastodon instance, `https://{site}.atlassian.net` for a
//! Jira site). Each `{name}` becomes an argument of the client's constructor, filled in
//! at run time and checked then by the same https rule.

use super::path::is_ident;

/// The variables of `template`, in order; `Ok(vec![])` for a plain URL. The error says
/// what is wrong in the user's words.
pub fn variables(template: &str) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::new();
    let mut filled = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err("the URL has a `}` without a matching `{`".into());
        }
        filled.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| "the URL has a `{` without a matching `}`".to_owned())?;
        let name = &after[..close];
        if !is_ident(name) {
            return Err(format!(
                "`{{{name}}}` is not a variable: write a name, as in `https://{{hostname}}`"
            ));
        }
        if syn::parse_str::<syn::Ident>(name).is_err() {
            return Err(format!(
                "`{{{name}}}` is a Rust keyword, which cannot name the constructor's argument: \
                 write `{{{name}_}}`"
            ));
        }
        if names.iter().any(|n| n == name) {
            return Err(format!("the URL uses `{{{name}}}` twice"));
        }
        if name == "token" {
            return Err(
                "`{token}` would be the constructor's token argument: give the variable another name"
                    .into(),
            );
        }
        names.push(name.to_owned());
        filled.push_str("example");
        rest = &after[close + 1..];
    }
    filled.push_str(rest);
    if !filled.starts_with("https://") && !names.is_empty() {
        return Err("a URL with variables must be https".into());
    }
    match super::url_problem(&filled) {
        Some(problem) => Err(problem),
        None => Ok(names),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert_eq!(
            variables("https://api.example.com").unwrap(),
            Vec::<String>::new()
        );
        assert_eq!(variables("https://{hostname}").unwrap(), ["hostname"]);
        assert_eq!(
            variables("https://{site}.atlassian.net/{version}").unwrap(),
            ["site", "version"]
        );
        assert!(
            variables("https://{a}.{a}.net")
                .unwrap_err()
                .contains("twice")
        );
        assert!(
            variables("https://{a-b}")
                .unwrap_err()
                .contains("not a variable")
        );
        assert!(
            variables("https://{a")
                .unwrap_err()
                .contains("without a matching")
        );
        assert!(variables("http://{host}").unwrap_err().contains("https"));
        assert!(variables("https://{token}").unwrap_err().contains("token"));
        assert!(variables("https://{type}").unwrap_err().contains("keyword"));
    }
}
