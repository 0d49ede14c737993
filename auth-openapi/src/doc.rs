//! A provider's descriptions as Rust doc comments.

/// A provider's description as doc comment lines: code fences that rustdoc would run
/// as Rust (no language, or `rust`) are marked `text`, and indentation (which Markdown
/// reads as a Rust code block) is removed.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (&fence, marker) {
            (None, Some(marker)) => {
                let run: String = trimmed
                    .chars()
                    .take_while(|c| marker.starts_with(*c))
                    .collect();
                let lang = trimmed[run.len()..].trim();
                let rusty = lang.is_empty()
                    || lang.split([',', ' ']).any(|w| {
                        matches!(
                            w,
                            "rust" | "ignore" | "no_run" | "should_panic" | "compile_fail"
                        ) || w.starts_with("edition")
                    });
                if rusty {
                    out.push(format!("{run}text"));
                } else {
                    out.push(format!("{run}{lang}"));
                }
                fence = Some(run);
            }
            (Some(run), Some(_))
                if trimmed.starts_with(run.as_str())
                    && trimmed
                        .trim_start_matches(|c| run.starts_with(c))
                        .trim()
                        .is_empty() =>
            {
                out.push(run.clone());
                fence = None;
            }
            (Some(_), _) => out.push(line.trim_end().to_owned()),
            (None, None) => out.push(trimmed.trim_end().to_owned()),
        }
    }
    if let Some(run) = fence {
        out.push(run);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_rustdoc_would_run_is_text() {
        let lines = doc_lines(
            "Intro\n\n    indented\n```\nplain\n```\n```json\n{}\n```\n```rust,no_run\nx\n```\n```\nunclosed",
        );
        assert_eq!(
            lines,
            [
                "Intro", "", "indented", "```text", "plain", "```", "```json", "{}", "```",
                "```text", "x", "```", "```text", "unclosed", "```"
            ]
        );
    }
}
