//! Running typify on schemas it may reject or panic on, and finding which ones.
//!
//! typify returns an error for some schemas and panics on others (`unreachable!`,
//! `panic!` on names it cannot make distinct). A run is one fresh `TypeSpace`: the
//! component schemas in one batch, then each inline schema; a space that failed is
//! dropped, never used again. A panic's message is kept as the reason, and nothing is
//! printed: a panic hook, installed once, stays silent on a thread while it runs typify
//! (and passes other panics to the hook that was there before).
//!
//! When the whole document does not go through, each schema is tried alone (the schemas
//! it references standing in as any value): linear in the document's size. What fails
//! alone is left untyped; a failure that only shows with other schemas (rare) is found by
//! bisection.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use proc_macro2::TokenStream;
use serde_json::Value;
use typify::{TypeId, TypeSpace, TypeSpaceSettings};

/// The module the types are generated in.
pub(super) const MODULE: &str = "types";

/// The most full runs bisection may take before it leaves the rest untyped.
const MAX_RUNS: usize = 64;

/// One schema typify is given: a definition (a component, or a schema moved out of line)
/// or an inline body or answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Item {
    Definition(usize),
    Inline(usize),
}

/// What typify is given.
pub(super) struct Input<'a> {
    /// Definitions: (type name, schema).
    pub(super) definitions: Vec<(&'a str, &'a Value)>,
    /// Inline schemas: (suggested type name, schema).
    pub(super) inline: Vec<(&'a str, &'a Value)>,
}

/// A run that went through.
pub(super) struct Space {
    pub(super) space: TypeSpace,
    /// Each definition's type, when typed.
    pub(super) definitions: Vec<Option<TypeId>>,
    /// Each inline schema's type, when typed.
    pub(super) inline: Vec<Option<TypeId>>,
    /// The types' source.
    pub(super) rendered: TokenStream,
}

/// What typify could not take, and its reason.
pub(super) type Untyped = BTreeMap<Item, String>;

/// Runs typify over `input`, leaving out what it fails on: the space, and what was left
/// out (with typify's error or panic message).
pub(super) fn run(input: &Input<'_>) -> (Option<Space>, Untyped) {
    let mut untyped = Untyped::new();
    let all = |untyped: &Untyped| -> Vec<Item> {
        items(input).filter(|i| !untyped.contains_key(i)).collect()
    };
    if let Ok(space) = attempt(input, &all(&untyped)) {
        return (Some(space), untyped);
    }
    // Each schema alone, with what it references as any value.
    for item in items(input) {
        if let Err(reason) = attempt_alone(input, item) {
            untyped.insert(item, reason);
        }
    }
    let mut runs = 0;
    loop {
        let cands = all(&untyped);
        match attempt(input, &cands) {
            Ok(space) => return (Some(space), untyped),
            Err(Failure::Inline(i, reason)) => {
                untyped.insert(Item::Inline(i), reason);
            }
            Err(Failure::Whole(reason)) => {
                // Fails only together with other schemas: bisection.
                let mut found = Untyped::new();
                bisect(input, &cands, &[], &mut found, &mut runs);
                if found.is_empty() {
                    // Could not be pinned down within the budget: nothing is typed.
                    for item in cands {
                        untyped.insert(item, reason.clone());
                    }
                    return (attempt(input, &[]).ok(), untyped);
                }
                untyped.append(&mut found);
            }
        }
        runs += 1;
        if runs > MAX_RUNS {
            let cands = all(&untyped);
            for item in cands {
                untyped.insert(
                    item,
                    "the type generator failed too often on this document".into(),
                );
            }
            return (attempt(input, &[]).ok(), untyped);
        }
    }
}

/// Every item of the input.
fn items<'a>(input: &'a Input<'_>) -> impl Iterator<Item = Item> + 'a {
    (0..input.definitions.len())
        .map(Item::Definition)
        .chain((0..input.inline.len()).map(Item::Inline))
}

/// Finds the items of `cands` that fail given `context` (which goes through), adding
/// them to `found`: `context` and what is left of `cands` then go through together.
fn bisect(
    input: &Input<'_>,
    cands: &[Item],
    context: &[Item],
    found: &mut Untyped,
    runs: &mut usize,
) {
    if *runs > MAX_RUNS {
        return;
    }
    *runs += 1;
    let together: Vec<Item> = context.iter().chain(cands).copied().collect();
    let Err(failure) = attempt(input, &together) else {
        return;
    };
    if let [single] = cands {
        found.insert(*single, failure.into());
        return;
    }
    let (first, second) = cands.split_at(cands.len() / 2);
    bisect(input, first, context, found, runs);
    let mut context: Vec<Item> = context.to_vec();
    context.extend(first.iter().filter(|i| !found.contains_key(i)));
    bisect(input, second, &context, found, runs);
}

/// Why a run failed.
enum Failure {
    /// The inline schema at this index.
    Inline(usize, String),
    /// The batch of definitions, or the rendering.
    Whole(String),
}

impl From<Failure> for String {
    fn from(failure: Failure) -> String {
        match failure {
            Failure::Inline(_, reason) | Failure::Whole(reason) => reason,
        }
    }
}

/// A run with the items of `typed` as they are: the other definitions as any value, the
/// other inline schemas left out.
fn attempt(input: &Input<'_>, typed: &[Item]) -> Result<Space, Failure> {
    let typed: BTreeSet<Item> = typed.iter().copied().collect();
    let keep = |item: Item| typed.contains(&item);
    let any = Value::Bool(true);
    let definitions: Vec<(&str, &Value)> = input
        .definitions
        .iter()
        .enumerate()
        .map(|(i, (name, schema))| {
            (
                *name,
                if keep(Item::Definition(i)) {
                    *schema
                } else {
                    &any
                },
            )
        })
        .collect();
    let inline: Vec<Option<(&str, &Value)>> = input
        .inline
        .iter()
        .enumerate()
        .map(|(i, entry)| keep(Item::Inline(i)).then_some(*entry))
        .collect();
    space(&definitions, &inline)
}

/// A run with `item` alone: the definitions it references as any value.
fn attempt_alone(input: &Input<'_>, item: Item) -> Result<(), String> {
    let schema = match item {
        Item::Definition(i) => input.definitions[i].1,
        Item::Inline(i) => input.inline[i].1,
    };
    let mut referenced = Vec::new();
    references(schema, &mut referenced);
    let any = Value::Bool(true);
    let mut definitions: Vec<(&str, &Value)> = input
        .definitions
        .iter()
        .enumerate()
        .filter(|(i, (name, _))| Item::Definition(*i) != item && referenced.contains(name))
        .map(|(_, (name, _))| (*name, &any))
        .collect();
    let mut inline = Vec::new();
    match item {
        Item::Definition(i) => definitions.push(input.definitions[i]),
        Item::Inline(i) => inline.push(Some(input.inline[i])),
    }
    space(&definitions, &inline)
        .map(|_| ())
        .map_err(String::from)
}

/// The definitions' names a schema references.
fn references<'a>(schema: &'a Value, out: &mut Vec<&'a str>) {
    match schema {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                out.push(name);
            }
            map.values().for_each(|v| references(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// One fresh type space: `definitions` in one batch, then each inline schema (`None`:
/// left out), then the rendering.
fn space(
    definitions: &[(&str, &Value)],
    inline: &[Option<(&str, &Value)>],
) -> Result<Space, Failure> {
    let mut settings = TypeSpaceSettings::default();
    settings.with_type_mod(MODULE);
    let mut space = TypeSpace::new(&settings);
    let batch: Vec<(String, schemars::schema::Schema)> = definitions
        .iter()
        .map(|(name, schema)| ((*name).to_owned(), to_schemars(schema)))
        .collect();
    quietly(|| space.add_ref_types(batch))
        .and_then(|added| added.map_err(|e| e.to_string()))
        .map_err(Failure::Whole)?;
    let mut ids = Vec::with_capacity(definitions.len());
    for (name, _) in definitions {
        let reference =
            to_schemars(&serde_json::json!({ "$ref": format!("#/components/schemas/{name}") }));
        ids.push(
            quietly(|| space.add_type(&reference))
                .ok()
                .and_then(Result::ok),
        );
    }
    let mut inline_ids = Vec::with_capacity(inline.len());
    for (i, entry) in inline.iter().enumerate() {
        let Some((name, schema)) = entry else {
            inline_ids.push(None);
            continue;
        };
        let schema = to_schemars(schema);
        let id = quietly(|| space.add_type_with_name(&schema, Some((*name).to_owned())))
            .and_then(|added| added.map_err(|e| e.to_string()))
            .map_err(|reason| Failure::Inline(i, reason))?;
        inline_ids.push(Some(id));
    }
    let rendered = quietly(|| space.to_stream()).map_err(Failure::Whole)?;
    Ok(Space {
        space,
        definitions: ids,
        inline: inline_ids,
        rendered,
    })
}

/// A prepared JSON Schema value as schemars' model (anything it cannot read is any
/// value).
fn to_schemars(value: &Value) -> schemars::schema::Schema {
    serde_json::from_value(value.clone()).unwrap_or(schemars::schema::Schema::Bool(true))
}

thread_local! {
    /// `Some` while this thread runs typify: the last panic's message.
    static CAPTURED: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
}

/// Runs `f`; a panic is caught, not printed, and its message returned.
pub(super) fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let captured = CAPTURED
                .try_with(|slot| match slot.try_borrow_mut().as_deref_mut() {
                    Ok(Some(message)) => {
                        *message = Some(describe(info));
                        true
                    }
                    _ => false,
                })
                .unwrap_or(false);
            if !captured {
                previous(info);
            }
        }));
    });
    let outer = CAPTURED.with(|slot| slot.replace(Some(None)));
    let result = catch_unwind(AssertUnwindSafe(f));
    let message = CAPTURED.with(|slot| slot.replace(outer)).flatten();
    result.map_err(|_| message.unwrap_or_else(|| "the type generator panicked".to_owned()))
}

/// A panic's message and where it was raised.
fn describe(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned());
    match info.location() {
        Some(location) => {
            // The crate's own path (`typify-impl-0.8.0/src/defaults.rs`), not the machine's.
            let file = location.file().replace('\\', "/");
            let short = file
                .rfind("/src/")
                .and_then(|at| file[..at].rfind('/').map(|start| &file[start + 1..]))
                .unwrap_or(&file);
            format!(
                "the type generator panicked: {message} (at {short}:{})",
                location.line()
            )
        }
        None => format!("the type generator panicked: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_with_its_message() {
        let result: Result<(), String> = quietly(|| panic!("no names for [=, !=]"));
        let message = result.unwrap_err();
        assert!(message.contains("no names for [=, !=]"), "{message}");
        assert!(message.contains("src/types/run.rs:"), "{message}");
        // Nested: the inner capture does not end the outer one.
        let outer = quietly(|| {
            let inner: Result<(), String> = quietly(|| panic!("inner"));
            assert!(inner.unwrap_err().contains("inner"));
            panic!("outer")
        });
        assert!(outer.unwrap_err().contains("outer"));
    }

    #[test]
    fn what_fails_alone_is_left_untyped_and_the_rest_typed() {
        let fine = serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}});
        // typify cannot name these variants and panics.
        let bad = serde_json::json!({"type": "string", "enum": ["=", "!=", ">", "<"]});
        let uses = serde_json::json!({"type": "object", "properties": {"b": {"$ref": "#/components/schemas/Bad"}}});
        let input = Input {
            definitions: vec![("Fine", &fine), ("Bad", &bad), ("Uses", &uses)],
            inline: vec![("Inline", &bad), ("Other", &fine)],
        };
        let (space, untyped) = run(&input);
        let space = space.unwrap();
        let left: Vec<Item> = untyped.keys().copied().collect();
        assert_eq!(left, [Item::Definition(1), Item::Inline(0)]);
        assert!(
            untyped[&Item::Definition(1)].contains("panicked"),
            "{untyped:?}"
        );
        assert!(space.definitions[0].is_some() && space.definitions[2].is_some());
        assert!(space.inline[1].is_some() && space.inline[0].is_none());
    }
}
