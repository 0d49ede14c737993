//! An operation's answers: the type of its success answer (and its paging), and its
//! documented error answers with their types.

use openapiv3::{Operation, Response, StatusCode};

use super::{Paged, Reader, is_json, paging};
use crate::error::escape;
use crate::names;
use crate::refs::resolve;
use crate::types::TypeRef;

impl Reader<'_> {
    /// The answer type: the first 2xx answer's JSON, `()` without content, `ByteStream`
    /// for a file, `RawResponse` for other content or no 2xx answer.
    pub(super) fn answer(
        &mut self,
        op: &Operation,
        name: &str,
        at: &str,
    ) -> Option<(TypeRef, Option<Paged>)> {
        let success = op
            .responses
            .responses
            .iter()
            .filter(|(code, _)| match code {
                StatusCode::Code(c) => (200..300).contains(c),
                StatusCode::Range(r) => *r == 2,
            })
            .min_by_key(|(code, _)| match code {
                StatusCode::Code(c) => *c,
                StatusCode::Range(_) => 299,
            });
        let Some((code, response)) = success else {
            self.warn(
                &format!("{at}/responses"),
                "no 2xx answer is declared; the method returns `RawResponse`",
            );
            return Some((TypeRef::Raw, None));
        };
        let at = format!("{at}/responses/{code}");
        match resolve(response, self.components, "responses", |c| &c.responses) {
            Ok(response) => Some(self.answer_of(op, response, name, &at)),
            Err(message) => self.skip(&at, message),
        }
    }

    /// The documented error answers (status below 200 or from 300, ranges, `default`)
    /// whose content is JSON with a schema, and their types. One that cannot be read is
    /// left out of the docs, with a warning.
    pub(super) fn errors(
        &mut self,
        op: &Operation,
        name: &str,
        at: &str,
    ) -> Vec<(String, TypeRef)> {
        let mut out = Vec::new();
        let all = op
            .responses
            .responses
            .iter()
            .filter(|(code, _)| match code {
                StatusCode::Code(c) => !(200..300).contains(c),
                StatusCode::Range(r) => *r != 2,
            })
            .map(|(code, r)| (code.to_string(), r))
            .chain(
                op.responses
                    .default
                    .as_ref()
                    .map(|r| ("default".to_owned(), r)),
            );
        for (status, response) in all {
            let at = format!("{at}/responses/{}", escape(&status));
            let shared = match response {
                openapiv3::ReferenceOr::Reference { reference } => Some(reference.clone()),
                openapiv3::ReferenceOr::Item(_) => None,
            };
            if let Some(ty) = shared.as_ref().and_then(|r| self.shared_errors.get(r)) {
                out.push((status, ty.clone()));
                continue;
            }
            let response = match resolve(response, self.components, "responses", |c| &c.responses) {
                Ok(response) => response,
                Err(message) => {
                    self.warn(
                        &at,
                        format!("{message}; the error answer is left out of the docs"),
                    );
                    continue;
                }
            };
            let Some((media, content)) = response.content.iter().find(|(m, _)| is_json(m)) else {
                continue;
            };
            if content.schema.is_none() {
                continue;
            }
            let content_at = format!("{at}/content/{}", escape(media));
            // A shared answer's inline schema is one type, named after the answer.
            let (owner, suffix) = match &shared {
                Some(reference) => (
                    reference.rsplit('/').next().unwrap_or("Error").to_owned(),
                    String::new(),
                ),
                None => (name.to_owned(), format!("Error{}", names::camel(&status))),
            };
            let ty = self.types.schema(
                content.schema.as_ref(),
                &owner,
                &suffix,
                &content_at,
                self.warnings,
            );
            if let Some(reference) = shared {
                self.shared_errors.insert(reference, ty.clone());
            }
            out.push((status, ty));
        }
        out
    }

    /// The answer's type, and how its pages follow one another when it is paged.
    fn answer_of(
        &mut self,
        op: &Operation,
        response: &Response,
        name: &str,
        at: &str,
    ) -> (TypeRef, Option<Paged>) {
        if response.content.is_empty() {
            return (TypeRef::Unit, None);
        }
        if let Some((media, content)) = response.content.iter().find(|(m, _)| is_json(m)) {
            let content_at = format!("{at}/content/{}", escape(media));
            let ty = self.types.schema(
                content.schema.as_ref(),
                name,
                "Response",
                &content_at,
                self.warnings,
            );
            let answer = paging::Answer {
                schema: content.schema.as_ref(),
                response: Some(response),
                name,
                at: &content_at,
            };
            let configured = op
                .operation_id
                .as_ref()
                .and_then(|id| self.config.paging.get(id));
            let paged = paging::paged(
                &answer,
                configured,
                self.components,
                self.types,
                self.warnings,
            );
            return (ty, paged);
        }
        // A file: read by the caller as it arrives, never held whole.
        if response
            .content
            .iter()
            .any(|(media, content)| is_file(media, content))
        {
            return (TypeRef::Stream, None);
        }
        let kinds: Vec<&str> = response.content.keys().map(String::as_str).collect();
        self.warn(
            at,
            format!(
                "an answer of {} is not JSON; the method returns `RawResponse`",
                kinds.join(", ")
            ),
        );
        (TypeRef::Raw, None)
    }
}

/// Whether an answer's content is a file: a binary media type (`application/octet-stream`,
/// an image, audio or video, a PDF or an archive), or a schema of `format: binary`.
fn is_file(media: &str, content: &openapiv3::MediaType) -> bool {
    let essence = super::essence(media);
    let binary_media = essence == "application/octet-stream"
        || ["image/", "audio/", "video/"]
            .iter()
            .any(|prefix| essence.starts_with(prefix))
        || [
            "application/pdf",
            "application/zip",
            "application/gzip",
            "application/x-tar",
        ]
        .contains(&essence.as_str());
    let binary_schema = matches!(
        &content.schema,
        Some(openapiv3::ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(s)),
            ..
        })) if super::bodies::is_binary(&s.format)
    );
    binary_media || binary_schema
}
