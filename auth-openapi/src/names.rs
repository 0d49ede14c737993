//! Rust names for the document's names: operations, parameters, scopes, traits.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's keywords (strict and reserved, 2024 edition), which a name cannot be.
const KEYWORDS: [&str; 52] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// The Cargo feature of a tag: its [`kebab`] case (`Droplet Actions` gives
/// `droplet-actions`, `1-Click Applications` `1-click-applications`), never a name Cargo
/// or the generator uses itself.
pub(crate) fn feature(tag: &str) -> String {
    match kebab(tag).as_str() {
        "" => "untitled-tag".to_owned(),
        out @ ("default" | "unused-schemas") => format!("tag-{out}"),
        out => out.to_owned(),
    }
}

/// `text` in lower case, its runs of other characters than ASCII letters and digits one
/// `-`, none at either end (`DigitalOcean API` gives `digitalocean-api`).
pub(crate) fn kebab(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(out.trim_end_matches('-').len());
    out
}

/// `name` in snake_case, as a valid identifier: characters other than letters and
/// digits become `_`, a leading digit gets a `_` before it, a keyword a `_` after it.
pub(crate) fn snake(name: &str) -> String {
    identifier(name, |s| s.to_snake_case(), "value")
}

/// `name` in UpperCamelCase, as a valid identifier.
pub(crate) fn camel(name: &str) -> String {
    identifier(name, |s| s.to_upper_camel_case(), "Api")
}

/// `name` with every character other than letters and digits as a word break, put in
/// a case by `case` (`empty` when nothing is left), as a valid identifier.
fn identifier(name: &str, case: fn(&str) -> String, empty: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let out = case(&plural_acronyms(&cleaned));
    fix(if out.is_empty() { empty.into() } else { out })
}

/// A plural acronym as one word (`IDs` as `Ids`, `ContactIDs` as `ContactIds`, `URLs`
/// as `Urls`), which word splitting would otherwise cut before its last capital
/// (`i_ds`).
fn plural_acronyms(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        let plural = run >= 2
            && chars.get(i + run) == Some(&'s')
            && chars
                .get(i + run + 1)
                .is_none_or(|c| !c.is_ascii_lowercase());
        if plural {
            out.push(chars[i]);
            out.extend(chars[i + 1..i + run].iter().map(char::to_ascii_lowercase));
            i += run;
        } else if run > 0 {
            out.extend(&chars[i..i + run]);
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// A scope's Rust name: its wire name with every other character as `_` (`droplet:read`
/// is `droplet_read`), lower case kept as the provider wrote it.
pub(crate) fn scope(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    for c in wire.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_owned();
    if out.is_empty() {
        return "scope".into();
    }
    fix(out)
}

fn fix(mut out: String) -> String {
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    while out.starts_with("__") {
        out.remove(0);
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// Hands out names unique within one namespace: a name already taken gets `_2`, `_3`,
/// ... in the order asked, which is the document's order, so output is deterministic.
#[derive(Default)]
pub(crate) struct Unique {
    taken: BTreeSet<String>,
}

impl Unique {
    /// A namespace in which `reserved` are already taken.
    pub(crate) fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Unique {
            taken: reserved.into_iter().map(str::to_owned).collect(),
        }
    }

    /// `name`, or `name_2`, `name_3`, ...
    pub(crate) fn take(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        (2..)
            .map(|i| format!("{name}_{i}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("droplets_list"), "droplets_list");
        assert_eq!(
            snake("agentInference_create_chat_completion"),
            "agent_inference_create_chat_completion"
        );
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(snake("page[size]"), "page_size");
        assert_eq!(snake("IDs"), "ids");
        assert_eq!(snake("ContactIDs"), "contact_ids");
        assert_eq!(snake("URLsAndIDs"), "urls_and_ids");
        assert_eq!(snake("HTTPServer"), "http_server");
        assert_eq!(snake("IDsecret"), "i_dsecret");
        assert_eq!(camel("DigitalOcean API"), "DigitalOceanApi");
        assert_eq!(scope("droplet:read"), "droplet_read");
        assert_eq!(scope("1-click:create"), "_1_click_create");
        assert_eq!(
            scope("https://graph.microsoft.com/.default"),
            "https_graph_microsoft_com_default"
        );
        let mut unique = Unique::with_reserved(["new"]);
        assert_eq!(unique.take("new".into()), "new_2");
        assert_eq!(unique.take("get".into()), "get");
        assert_eq!(unique.take("get".into()), "get_2");
    }
}
