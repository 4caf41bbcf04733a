//! Builders of hostile specs, built in memory at any size: huge, deeply nested, long chains of
//! `$ref`s, deep `allOf` hierarchies, huge enums and huge names. The tests run them at sizes a
//! debug build handles, and `cargo xtask hostile` at full size in a release build.

use std::fmt::Write as _;

/// Returns the start of a spec with `paths`, up to the open `schemas` mapping.
fn head(paths: &str) -> String {
    format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Hostile", "version": "1"}}, "paths": {{{paths}}}, "components": {{"schemas": {{"#
    )
}

const TAIL: &str = "}}}";

/// An operation that returns the schema `Root`, so that services and their docs run too.
const ROOT_PATH: &str = r##""/root": {"get": {"operationId": "getRoot", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Root"}}}}}}}"##;

/// Builds a spec of about `bytes` bytes: component schemas with a few properties and a long
/// description each.
pub fn huge_spec(bytes: usize) -> String {
    let mut text = head(ROOT_PATH);
    text.push_str(r#""Root": {"type": "object", "properties": {"id": {"type": "string"}}}"#);
    let description = "Lorem ipsum dolor sit amet. ".repeat(40);
    let mut index = 0;
    while text.len() < bytes {
        write!(
            text,
            r#", "Model{index}": {{"type": "object", "description": "{description}", "required": ["id"], "properties": {{"id": {{"type": "integer"}}, "name": {{"type": "string"}}, "tags": {{"type": "array", "items": {{"type": "string"}}}}}}}}"#
        )
        .expect("writing to a String cannot fail");
        index += 1;
    }
    text.push_str(TAIL);
    text
}

/// The shape of one level of nesting.
#[derive(Debug, Clone, Copy)]
pub enum Nesting {
    /// `{"type": "array", "items": ...}`: one level of the document per schema.
    Items,
    /// `{"type": "object", "properties": {"inner": ...}}`: two levels per schema.
    Properties,
}

/// Builds a spec whose schema `Root` nests `depth` schemas inside each other, as JSON.
pub fn nested_json(depth: usize, nesting: Nesting) -> String {
    let (open, close) = match nesting {
        Nesting::Items => (r#"{"type": "array", "items": "#, "}"),
        Nesting::Properties => (r#"{"type": "object", "properties": {"inner": "#, "}}"),
    };
    let mut text = head(ROOT_PATH);
    text.push_str(r#""Root": "#);
    text.push_str(&open.repeat(depth));
    text.push_str(r#"{"type": "string"}"#);
    text.push_str(&close.repeat(depth));
    text.push_str(TAIL);
    text
}

/// Builds a spec whose schema `Root` nests `depth` schemas as YAML, in flow style so that the text
/// grows linearly with the depth.
pub fn nested_yaml(depth: usize) -> String {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: Hostile, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Root: ",
    );
    text.push_str(&"{type: array, items: ".repeat(depth));
    text.push_str("{type: string}");
    text.push_str(&"}".repeat(depth));
    text.push('\n');
    text
}

/// Builds a spec in which `Root` is a `$ref` to `Link1`, `Link1` to `Link2`, and so on for `links`
/// links, the last one a string.
pub fn ref_chain(links: usize) -> String {
    let mut text = head(ROOT_PATH);
    text.push_str(r##""Root": {"$ref": "#/components/schemas/Link1"}"##);
    for link in 1..links {
        let next = link + 1;
        write!(
            text,
            r##", "Link{link}": {{"$ref": "#/components/schemas/Link{next}"}}"##
        )
        .expect("writing to a String");
    }
    write!(text, r#", "Link{links}": {{"type": "string"}}"#).expect("writing to a String");
    text.push_str(TAIL);
    text
}

/// Builds a spec in which `Root` has a required property of type `Link1`, `Link1` one of
/// type `Link2`, and so on for `links` structs.
pub fn property_chain(links: usize) -> String {
    let mut text = head(ROOT_PATH);
    text.push_str(r##""Root": {"$ref": "#/components/schemas/Link1"}"##);
    for link in 1..=links {
        let next = if link < links {
            format!(r##"{{"$ref": "#/components/schemas/Link{}"}}"##, link + 1)
        } else {
            r#"{"type": "string"}"#.to_owned()
        };
        write!(
            text,
            r#", "Link{link}": {{"type": "object", "required": ["next"], "properties": {{"next": {next}}}}}"#
        )
        .expect("writing to a String");
    }
    text.push_str(TAIL);
    text
}

/// The shape of an `allOf` hierarchy of [`all_of_levels`].
#[derive(Debug, Clone, Copy)]
pub enum Inheritance {
    /// `S{i}` lists `S{i-1}` twice: without memoising, a merge visits `2^levels` members.
    Doubling,
    /// `S{i}` includes `L{i-1}` and `R{i-1}`, which both include `S{i-1}`: diamond inheritance.
    Diamond,
}

/// Builds a spec in which `Root` is the last of `levels` schemas that each extend the one
/// before through `allOf`, in the shape `inheritance`, and adds a property of its own.
pub fn all_of_levels(levels: usize, inheritance: Inheritance) -> String {
    let mut text = head(ROOT_PATH);
    text.push_str(r#""S0": {"type": "object", "properties": {"p0": {"type": "string"}}}"#);
    for level in 1..=levels {
        let name = if level == levels {
            "Root".to_owned()
        } else {
            format!("S{level}")
        };
        let below = level - 1;
        let parents = match inheritance {
            Inheritance::Doubling => [format!("S{below}"), format!("S{below}")],
            Inheritance::Diamond => {
                for side in ["L", "R"] {
                    write!(
                        text,
                        r##", "{side}{below}": {{"allOf": [{{"$ref": "#/components/schemas/S{below}"}}, {{"type": "object", "properties": {{"{side}{below}": {{"type": "string"}}}}}}]}}"##
                    )
                    .expect("writing to a String");
                }
                [format!("L{below}"), format!("R{below}")]
            }
        };
        let [first, second] = parents;
        write!(
            text,
            r##", "{name}": {{"allOf": [{{"$ref": "#/components/schemas/{first}"}}, {{"$ref": "#/components/schemas/{second}"}}, {{"type": "object", "properties": {{"p{level}": {{"type": "string"}}}}}}]}}"##
        )
        .expect("writing to a String");
    }
    text.push_str(TAIL);
    text
}

/// Builds a spec in which `Root` is a string enum of `count` values.
pub fn huge_enum(count: usize) -> String {
    let mut text = head(ROOT_PATH);
    text.push_str(r#""Root": {"type": "string", "enum": ["#);
    for value in 0..count {
        if value > 0 {
            text.push_str(", ");
        }
        write!(text, r#""value-{value}""#).expect("writing to a String");
    }
    text.push_str("]}");
    text.push_str(TAIL);
    text
}

/// Builds a spec whose schema key, property name, operationId, tag and enum value are each `length`
/// characters long.
pub fn long_names(length: usize) -> String {
    let name = |letter: char| letter.to_string().repeat(length);
    let (schema, property, operation, tag, value) =
        (name('S'), name('p'), name('o'), name('t'), name('v'));
    let path = format!(
        r##""/long": {{"get": {{"operationId": "{operation}", "tags": ["{tag}"], "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/{schema}"}}}}}}}}}}}}}}"##
    );
    let mut text = head(&path);
    write!(
        text,
        r#""{schema}": {{"type": "object", "properties": {{"{property}": {{"type": "object", "properties": {{"{property}": {{"type": "string", "enum": ["{value}"]}}}}}}}}}}"#
    )
    .expect("writing to a String");
    text.push_str(TAIL);
    text
}
