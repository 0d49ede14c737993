//! Every operation of Discord's document is a method of the traits its credentials give:
//! OAuth 2 tokens with the scopes it names (one of a list), and bot tokens.

#![cfg(has_spec)]

use interop_discord::{DiscordBotTokenClient, DiscordClient};
use interop_specs::check::{Lists, Source, check_document};

const DOCUMENT: &str = "corpus/discord/openapi.json";

#[test]
fn every_operation_has_the_requirement_the_document_states() {
    let document = interop_specs::read(DOCUMENT);
    assert_eq!(interop_specs::operations(&document).len(), 242);
    check_document(
        &document,
        &[
            (
                &DiscordClient::MANIFEST,
                Source::Security {
                    scheme: "OAuth2",
                    lists: Lists::Either,
                    default: true,
                },
            ),
            (
                &DiscordBotTokenClient::MANIFEST,
                Source::Security {
                    scheme: "BotToken",
                    lists: Lists::AllOf,
                    default: false,
                },
            ),
        ],
    );
    let methods =
        DiscordClient::MANIFEST.endpoints.len() + DiscordBotTokenClient::MANIFEST.endpoints.len();
    assert!(methods >= 242, "every operation, none skipped: {methods}");
}
