//! The generator on small documents written for one construct each, and on broken
//! documents. (Real documents: `interop/specs/tests/documents.rs`.)

use auth_openapi::{Config, Error, Generated, generate};

/// A document with `security_schemes`, `security` and `paths` spliced in.
fn document(extra: &str, paths: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: Shop API, version: '1'}}\nservers: [{{url: 'https://api.shop.example'}}]\n\
         components:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n        clientCredentials:\n          tokenUrl: https://auth.shop.example/token\n          scopes: {{'orders:read': Read orders, 'orders:write': Change orders}}\n\
         {extra}paths:\n{paths}"
    )
}

fn ok(source: &str) -> Generated {
    generate(source, &Config::default()).unwrap_or_else(|e| panic!("{e}\n{source}"))
}

/// Asserts that the generated code contains `text` (showing the code when not).
fn has(generated: &Generated, text: &str) {
    assert!(generated.code.contains(text), "{}", generated.code);
}

fn warned(generated: &Generated, pointer: &str) -> String {
    generated
        .warnings
        .iter()
        .find(|w| w.pointer == pointer)
        .unwrap_or_else(|| panic!("no warning at {pointer}: {:#?}", generated.warnings))
        .message
        .clone()
}

const GET: &str = "  /orders:\n    get:\n      operationId: listOrders\n      security: [{oauth: ['orders:read']}]\n      responses:\n        '200': {description: ok}\n";

#[test]
fn requirements_become_all_of_any_of_and_public() {
    let paths = "  /orders:\n    get:\n      operationId: listOrders\n      security: [{oauth: ['orders:read', 'orders:write']}]\n      responses: {'200': {description: ok}}\n    post:\n      operationId: createOrder\n      security: [{oauth: ['orders:read']}, {oauth: ['orders:write']}]\n      responses: {'201': {description: ok}}\n  /health:\n    get:\n      operationId: health\n      security: []\n      responses: {'204': {description: ok}}\n";
    let g = ok(&document("", paths));
    has(
        &g,
        r#"#[authenticated(scope = "orders_read", scope = "orders_write")] // orders:read and orders:write"#,
    );
    has(
        &g,
        r#"#[authenticated(scope = any("orders_read", "orders_write"))] // one of orders:read, orders:write"#,
    );
    has(
        &g,
        "#[public]\n    async fn health(&self) -> Result<(), ::auth_core::Error>;",
    );
    has(
        &g,
        r#"#[::auth_core::api(scopes = shop, production = "https://api.shop.example")]"#,
    );
    has(&g, "pub trait Shop {");
    assert_eq!((g.operations, g.generated), (3, 3));
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

#[test]
fn scopes_keep_their_wire_names_and_implications_come_only_from_the_config() {
    let g = ok(&document("", GET));
    has(
        &g,
        "pub mod shop {\n        /// Read orders\n        orders_read = \"orders:read\",\n        /// Change orders\n        orders_write = \"orders:write\",\n",
    );
    let config = Config::default().implies(":write", ":read").name("Store");
    let g = generate(&document("", GET), &config).unwrap();
    has(&g, "orders_write = \"orders:write\" => orders_read,");
    has(&g, "pub trait Store {");
    has(&g, "pub mod store {");
}

#[test]
fn a_method_callable_with_either_credential_is_in_both_traits() {
    let extra = "    partner:\n      type: http\n      scheme: bearer\n";
    let paths = "  /orders:\n    get:\n      operationId: listOrders\n      security: [{oauth: ['orders:read']}, {partner: ['feed']}]\n      responses: {'200': {description: ok}}\n";
    let g = ok(&document(extra, paths));
    let names: Vec<&str> = g.traits.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Shop", "ShopPartner"]);
    assert_eq!(g.traits[0].methods, 1);
    assert_eq!(g.traits[1].methods, 1);
    assert_eq!(g.traits[1].scopes.as_deref(), Some("shop_partner"));
    has(&g, "pub mod shop_partner {\n        feed,\n");
    has(&g, r#"#[authenticated(scope = "feed")]"#);
}

#[test]
fn parameters_bodies_and_answers_take_their_types() {
    let extra = "  schemas:\n    Order:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        note: {type: string, nullable: true, default: null}\n";
    let paths = "  /orders/{order-id}:\n    put:\n      operationId: putOrder\n      security: [{oauth: ['orders:write']}]\n      parameters:\n        - {name: order-id, in: path, required: true, schema: {type: integer, format: int32}}\n        - {name: dry_run, in: query, schema: {type: boolean}}\n        - {name: tags, in: query, schema: {type: array, items: {type: string}}}\n        - {name: X-Request-Id, in: header, required: true, schema: {type: string}}\n        - {name: filter, in: query, schema: {type: object}}\n        - {name: Idempotency-Key, in: header, schema: {type: string}}\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Order'}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {order: {$ref: '#/components/schemas/Order'}}}\n";
    let g = ok(&document(extra, paths));
    let expected = r#"    #[put("/orders/{order_id}")]
    #[authenticated(scope = "orders_write")] // orders:write
    async fn put_order(
        &self,
        order_id: i32,
        #[query]
        dry_run: Option<bool>,
        #[query]
        tags: Option<Vec<String>>,
        #[header("X-Request-Id")]
        x_request_id: &str,
        #[query]
        filter: Option<::serde_json::Value>,
        #[header("Idempotency-Key")]
        idempotency_key: Option<String>,
        #[body]
        body: &types::Order,
    ) -> Result<types::PutOrderResponse, ::auth_core::Error>;"#;
    has(&g, expected);
    has(&g, "pub struct Order {");
    has(&g, "pub struct PutOrderResponse {");
    has(&g, "pub note: ::std::option::Option<::std::string::String>");
    assert_eq!(
        warned(&g, "/paths/~1orders~1{order-id}/put/parameters/4"),
        "a parameter that is not a string, number or boolean is taken as `&serde_json::Value`"
    );
}

#[test]
fn unsupported_constructs_fall_back_with_their_pointer() {
    let paths = "  /files:\n    post:\n      operationId: upload\n      security: [{oauth: ['orders:write']}]\n      parameters:\n        - {name: session, in: cookie, schema: {type: string}}\n        - {name: X-Trace, in: header, schema: {type: string}}\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: object}\n      callbacks:\n        done: {}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/xml:\n              schema: {type: object}\n  /login:\n    post:\n      operationId: login\n      security: [{oauth: []}]\n      parameters:\n        - {name: sid, in: cookie, required: true, schema: {type: string}}\n      responses: {'204': {description: ok}}\n  /report:\n    get:\n      operationId: report\n      security: [{oauth: []}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'Report.yaml'}\n";
    let g = ok(&document("", paths));
    // A multipart body without properties: a `Multipart` the caller builds.
    has(
        &g,
        "#[body(multipart)]\n        body: ::auth_core::Multipart,",
    );
    has(
        &g,
        "-> Result<::auth_core::RawResponse, ::auth_core::Error>;",
    );
    has(
        &g,
        "async fn report(&self) -> Result<::serde_json::Value, ::auth_core::Error>;",
    );
    assert!(!g.code.contains("fn login"), "{}", g.code);
    assert_eq!((g.operations, g.generated), (3, 2));
    let at = "/paths/~1files/post";
    assert!(
        !g.warnings
            .iter()
            .any(|w| w.pointer.starts_with(&format!("{at}/requestBody"))),
        "{:#?}",
        g.warnings
    );
    assert!(warned(&g, &format!("{at}/responses/200")).contains("application/xml is not JSON"));
    assert!(warned(&g, &format!("{at}/parameters/0")).contains("cookie"));
    // An optional header is generated: set on the call like an optional query parameter.
    has(
        &g,
        "#[header(\"X-Trace\")]\n        x_trace: Option<String>,",
    );
    assert!(
        !g.warnings
            .iter()
            .any(|w| w.pointer == format!("{at}/parameters/1")),
        "{:#?}",
        g.warnings
    );
    assert!(warned(&g, &format!("{at}/callbacks")).contains("ignored"));
    assert!(warned(&g, "/paths/~1login/post/parameters/0").contains("skipped"));
    assert!(
        warned(
            &g,
            "/paths/~1report/get/responses/200/content/application~1json/schema"
        )
        .contains("Report.yaml")
    );
}

#[test]
fn schemas_the_type_generator_cannot_take_are_json_values() {
    let extra = "  schemas:\n    Broken:\n      type: object\n      properties:\n        next: {$ref: '#/components/schemas/Missing'}\n        odd: {$ref: 'no-slash'}\n    Fine:\n      type: object\n      properties:\n        broken: {$ref: '#/components/schemas/Broken'}\n";
    let paths = "  /x:\n    get:\n      operationId: getX\n      security: [{oauth: []}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Fine'}\n";
    let g = ok(&document(extra, paths));
    assert!(
        warned(&g, "/components/schemas/Broken/properties/next/$ref")
            .contains("does not name a component schema")
    );
    assert!(warned(&g, "/components/schemas/Broken/properties/odd/$ref").contains("no-slash"));
    has(&g, "-> Result<types::Fine, ::auth_core::Error>;");
}

#[test]
fn openapi_31_documents_are_read() {
    let source = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\ncomponents:\n  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n  schemas:\n    Name: {type: [string, 'null']}\n    Count: {type: integer, exclusiveMinimum: 0}\n    Kind: {const: a}\nsecurity: [{bearer: []}]\npaths:\n  /n:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Name'}\n";
    let g = ok(source);
    has(
        &g,
        "#[get(\"/n\")]\n    #[authenticated]\n    async fn get_n(&self)",
    );
    has(&g, "-> Result<types::Name, ::auth_core::Error>;");
    // No scopes: no `scopes!` module, and `#[api]` takes the token as it is.
    assert!(!g.code.contains("scopes!"), "{}", g.code);
}

#[test]
fn malformed_documents_are_errors_naming_where() {
    let cases: [(&str, Option<&str>); 4] = [
        (
            "openapi: 3.0.3\ninfo: {title: T}\npaths: {}\n",
            Some("/info"),
        ),
        ("swagger: '2.0'\n", Some("/openapi")),
        ("openapi: 3.0.3\ninfo: [\n", None),
        ("[1, 2]", Some("")),
    ];
    for (source, pointer) in cases {
        let err: Error = generate(source, &Config::default()).unwrap_err();
        assert_eq!(err.pointer.as_deref(), pointer, "{err}\n{source}");
        if pointer.is_none() {
            assert!(err.location.is_some(), "{err}");
        }
        assert!(!err.message.is_empty());
    }
}

#[test]
fn a_malformed_operation_is_skipped_and_the_rest_generates() {
    let paths = format!(
        "{GET}  /broken:\n    get:\n      responses: 7\n  /odd:\n    get:\n      parameters: [{{name: a, in: body}}]\n      responses: {{}}\n"
    );
    let g = ok(&document("", &paths));
    has(&g, "async fn list_orders(&self)");
    assert_eq!((g.operations, g.generated), (3, 1));
    assert!(warned(&g, "/paths/~1broken/get/responses").ends_with("the operation is skipped"));
    assert!(warned(&g, "/paths/~1odd/get/parameters/0/in").ends_with("the operation is skipped"));
}

#[test]
fn no_input_makes_the_generator_panic() {
    // Minimised and mangled documents: every prefix of a real-shaped document, and
    // each line dropped in turn. Each is an error or a generation, never a panic.
    let extra = "  schemas:\n    Order:\n      type: object\n      properties:\n        id: {type: string, nullable: true}\n        next: {$ref: '#/components/schemas/Order'}\n";
    let full = document(
        extra,
        &format!(
            "{GET}  /orders/{{id}}:\n    delete:\n      security: [{{oauth: ['orders:write']}}, {{}}]\n      parameters: [{{name: id, in: path, required: true, schema: {{$ref: '#/components/schemas/Order'}}}}]\n      responses:\n        default: {{description: x}}\n"
        ),
    );
    ok(&full);
    let lines: Vec<&str> = full.lines().collect();
    for end in 0..=lines.len() {
        let _ = generate(&lines[..end].join("\n"), &Config::default());
    }
    for skip in 0..lines.len() {
        let mangled: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, l)| *l)
            .collect();
        let _ = generate(&mangled.join("\n"), &Config::default());
    }
    for end in (0..full.len()).step_by(7) {
        if full.is_char_boundary(end) {
            let _ = generate(&full[..end], &Config::default());
        }
    }
}

#[test]
fn lists_that_mean_either_are_any_of_when_configured_and_warned_about_when_not() {
    // Xero's reads: `[accounting.settings, accounting.settings.read]`, either suffices.
    let source = document("", "").replace(
        "scopes: {'orders:read': Read orders, 'orders:write': Change orders}",
        "scopes: {'orders': Read and change orders, 'orders.read': Read orders, 'files:read': Deprecated. Read files}",
    ) + "  /orders:\n    get:\n      operationId: listOrders\n      security: [{oauth: [orders, orders.read]}]\n      responses: {'204': {description: ok}}\n  /files:\n    get:\n      operationId: listFiles\n      security: [{oauth: [orders.read, 'files:read']}]\n      responses: {'204': {description: ok}}\n";
    let literal = ok(&source);
    has(
        &literal,
        r#"#[authenticated(scope = "orders", scope = "orders_read")]"#,
    );
    let at = "/paths/~1orders/get/security";
    let message = warned(&literal, at);
    assert!(
        message.contains("`orders` with its read-only variant `orders.read`"),
        "{message}"
    );
    assert!(message.contains(r#""either": ["oauth"]"#), "{message}");
    assert!(warned(&literal, "/paths/~1files/get/security").contains("deprecated `files:read`"));

    let either = generate(&source, &Config::default().either("oauth")).unwrap();
    has(
        &either,
        r#"#[authenticated(scope = any("orders", "orders_read"))] // one of orders, orders.read"#,
    );
    assert!(either.warnings.is_empty(), "{:?}", either.warnings);
}

#[test]
fn api_keys_and_basic_credentials_are_credentials_a_client_holds() {
    let extra = "    bot:\n      type: apiKey\n      in: header\n      name: Authorization\n    pat:\n      type: apiKey\n      in: header\n      name: X-Shop-Token\n    basicAuth:\n      type: http\n      scheme: basic\n";
    let paths = "  /orders:\n    get:\n      operationId: listOrders\n      security: [{oauth: ['orders:read']}, {bot: []}, {pat: []}, {basicAuth: []}]\n      responses: {'204': {description: ok}}\n";
    let config = Config::default().api_key_prefix("bot", "Bot ");
    let g = generate(&document(extra, paths), &config).unwrap();
    let names: Vec<&str> = g.traits.iter().map(|t| t.name.as_str()).collect();
    // The scheme with scopes is the default: its trait and module are named after the API.
    assert_eq!(names, ["Shop", "ShopBasic", "ShopBot", "ShopPat"]);
    assert_eq!(g.traits[0].scheme.as_deref(), Some("oauth"));
    has(
        &g,
        r#"auth = api_key(header = "Authorization", prefix = "Bot ")"#,
    );
    has(&g, r#"auth = api_key(header = "X-Shop-Token")"#);
    has(&g, "auth = basic");
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    // Without the prefix, a key that is the whole `Authorization` header is warned about.
    let g = ok(&document(extra, paths));
    assert!(warned(&g, "/components/securitySchemes/bot").contains("`api_keys`"));
}

#[test]
fn scopes_of_a_vendor_extension_are_checked_by_traits_of_their_own() {
    // Atlassian: classic scopes in `security`, granular ones in the extension.
    let paths = "  /orders:\n    get:\n      operationId: listOrders\n      security: [{oauth: ['orders:read']}, {}]\n      x-shop-scopes:\n        - {scheme: oauth, scopes: ['orders:read'], state: Current}\n        - {scheme: oauth, scopes: ['read:order:shop', 'read:user:shop'], state: Beta}\n      responses: {'204': {description: ok}}\n";
    let config = Config::default().scopes_extension("x-shop-scopes", "Granular");
    let g = generate(&document("", paths), &config).unwrap();
    let names: Vec<&str> = g.traits.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Shop", "ShopGranular"]);
    assert_eq!(
        g.traits[1].scopes.as_deref(),
        Some("shop"),
        "the same module"
    );
    has(
        &g,
        r#"#[authenticated(scope = "read_order_shop", scope = "read_user_shop")]"#,
    );
    has(&g, "read_order_shop = \"read:order:shop\",");
    // `{}` among the alternatives: the credential is still sent.
    has(
        &g,
        "The provider also answers this call without credentials",
    );
    assert!(!g.code.contains("#[public]"), "{}", g.code);
    // Undeclared by the scheme: declared, with a warning.
    assert!(
        warned(&g, "/paths/~1orders/get/x-shop-scopes")
            .contains("`read:order:shop` is required but not declared")
    );
}

#[test]
fn servers_with_a_tenant_part_are_constructor_arguments() {
    let source =
        document("", GET).replace("https://api.shop.example", "https://your-shop.shop.example");
    let g = ok(&source);
    has(
        &g,
        r#"#[::auth_core::api(scopes = shop, production = "https://{your_shop}.shop.example")]"#,
    );
    let source = document("", GET).replace(
        "servers: [{url: 'https://api.shop.example'}]",
        "servers: [{url: 'https://{hostname}/api', variables: {hostname: {default: shop.example}}}]",
    );
    has(&ok(&source), r#"production = "https://{hostname}/api""#);
}

#[test]
fn each_scope_line_names_its_own_scopes_whatever_came_before() {
    // A scope spelled as its Rust name (`openid`) before one that is not: each
    // attribute's comment is its own.
    let source = document("", "").replace(
        "scopes: {'orders:read': Read orders, 'orders:write': Change orders}",
        "scopes: {openid: Who you are, 'orders:read': Read orders}",
    ) + "  /me:\n    get:\n      operationId: me\n      security: [{oauth: [openid]}]\n      responses: {'204': {description: ok}}\n  /orders:\n    get:\n      operationId: listOrders\n      security: [{oauth: ['orders:read']}]\n      responses: {'204': {description: ok}}\n";
    let g = ok(&source);
    has(&g, "#[authenticated(scope = \"openid\")]\n    async fn me");
    has(
        &g,
        "#[authenticated(scope = \"orders_read\")] // orders:read\n",
    );

    // An operation any token may call, before one with a scope: the comment stays with
    // its own attribute.
    let source = document("", "")
        + "  /health:\n    get:\n      operationId: health\n      security: [{oauth: []}]\n      responses: {'204': {description: ok}}\n  /orders:\n    get:\n      operationId: listOrders\n      security: [{oauth: ['orders:read']}]\n      responses: {'204': {description: ok}}\n";
    let g = ok(&source);
    has(&g, "#[authenticated(any_token)]\n    async fn health");
    has(
        &g,
        "#[authenticated(scope = \"orders_read\")] // orders:read\n",
    );
}

#[test]
fn documented_error_answers_are_named_in_the_docs_one_type_per_shared_answer() {
    let extra = "  responses:\n    NotFound:\n      description: not found\n      content:\n        application/json:\n          schema: {type: object, properties: {message: {type: string}}}\n  schemas:\n    Problem:\n      type: object\n      properties: {id: {type: string}, message: {type: string}}\n";
    let error_answers = "        '404': {$ref: '#/components/responses/NotFound'}\n        '429':\n          description: slow down\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Problem'}\n        default:\n          description: other\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Problem'}\n";
    let paths = format!(
        "  /orders:\n    get:\n      operationId: listOrders\n      security: [{{oauth: ['orders:read']}}]\n      responses:\n        '200': {{description: ok}}\n{error_answers}  /orders/{{id}}:\n    get:\n      operationId: getOrder\n      security: [{{oauth: ['orders:read']}}]\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses:\n        '200': {{description: ok}}\n{error_answers}"
    );
    let g = ok(&document(extra, &paths));
    has(
        &g,
        "    /// Documented error answers, read from the error with `err.body_as::<T>()`:\n    /// - `404`: [`types::NotFound`]\n    /// - `429`, `default`: [`types::Problem`]\n",
    );
    assert_eq!(g.code.matches("Documented error answers").count(), 2);
    // The shared answer's inline schema is one type, not one per operation.
    assert_eq!(
        g.code.matches("pub struct NotFound {").count(),
        1,
        "{}",
        g.code
    );
}

#[test]
fn a_selection_generates_its_operations_and_only_the_types_they_reach() {
    let extra = "  schemas:\n    Order:\n      type: object\n      properties: {id: {type: string}, lines: {type: array, items: {$ref: '#/components/schemas/Line'}}}\n    Line:\n      type: object\n      properties: {sku: {type: string}}\n    Invoice:\n      type: object\n      properties: {number: {type: string}}\n";
    let paths = "  /orders:\n    get:\n      operationId: listOrders\n      tags: [Orders]\n      security: [{oauth: ['orders:read']}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {$ref: '#/components/schemas/Order'}}\n  /invoices:\n    get:\n      operationId: listInvoices\n      tags: [Billing]\n      security: [{oauth: ['orders:read']}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {$ref: '#/components/schemas/Invoice'}}\n  /invoices/{id}:\n    get:\n      operationId: getInvoice\n      tags: [Billing]\n      security: [{oauth: ['orders:write']}]\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        '200': {description: ok}\n";
    let source = document(extra, paths);
    let with = |config: &str| generate(&source, &Config::from_json(config).unwrap()).unwrap();

    let orders = with(r#"{"include": {"tags": ["Orders"]}}"#);
    assert!(
        orders.code.contains("async fn list_orders"),
        "{}",
        orders.code
    );
    assert!(!orders.code.contains("async fn list_invoices"));
    // `Order` and the `Line` it reaches; not `Invoice`.
    assert!(orders.code.contains("pub struct Order {"));
    assert!(orders.code.contains("pub struct Line {"));
    assert!(
        !orders.code.contains("pub struct Invoice {"),
        "{}",
        orders.code
    );
    // Every scope of the document stays declared.
    assert!(orders.code.contains("orders_write"), "{}", orders.code);
    assert_eq!((orders.generated, orders.operations), (1, 3));

    let by_path = with(
        r#"{"include": {"paths": ["/invoices*"]}, "exclude": {"operations": ["getInvoice"]}}"#,
    );
    assert!(by_path.code.contains("async fn list_invoices"));
    assert!(!by_path.code.contains("async fn get_invoice"));
    assert!(!by_path.code.contains("async fn list_orders"));
    assert!(by_path.code.contains("pub struct Invoice {"));
    assert!(!by_path.code.contains("pub struct Order {"));

    let everything = with("{}");
    assert_eq!(everything.generated, 3);
    assert!(
        everything.code.contains("pub struct Invoice {")
            && everything.code.contains("pub struct Order {")
    );
}

#[test]
fn bodies_and_files_are_what_the_document_says() {
    let paths = r#"
  /attachments:
    post:
      operationId: createAttachment
      security: [{oauth: ['orders:write']}]
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [parent]
              properties:
                file: {type: string, format: binary, description: The file.}
                parent: {type: string}
                pinned: {type: boolean}
                tags: {type: array, items: {type: string}}
                pages: {type: array, items: {type: string, format: binary}}
                meta: {type: object, properties: {source: {type: string}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object}}}}
  /token:
    post:
      operationId: token
      security: [{oauth: []}]
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, required: [grant_type], properties: {grant_type: {type: string}}}
      responses: {'204': {description: ok}}
  /objects/{name}:
    put:
      operationId: putObject
      security: [{oauth: ['orders:write']}]
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      requestBody:
        content:
          application/octet-stream:
            schema: {type: string, format: binary}
      responses: {'204': {description: ok}}
    get:
      operationId: getObject
      security: [{oauth: []}]
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: the file
          content:
            application/pdf:
              schema: {type: string, format: binary}
"#;
    let g = ok(&document("", paths));
    has(
        &g,
        "#[body(multipart)]\n        body: CreateAttachmentParts,",
    );
    has(&g, "pub struct CreateAttachmentParts {");
    has(&g, "pub file: Option<::auth_core::Part>,");
    has(&g, "pub parent: String,");
    has(&g, "pub pinned: Option<bool>,");
    has(&g, "pub tags: Vec<String>,");
    has(&g, "pub pages: Vec<::auth_core::Part>,");
    has(&g, "pub fn new(parent: impl Into<String>) -> Self {");
    has(
        &g,
        "pub fn file(mut self, file: impl Into<::auth_core::Part>) -> Self {",
    );
    has(
        &g,
        "impl From<CreateAttachmentParts> for ::auth_core::Multipart {",
    );
    has(&g, "form = form.json(\"meta\", &value);");
    has(&g, "#[body(form)]\n        body: &types::TokenForm,");
    has(&g, "#[body]\n        body: ::auth_core::Upload,");
    has(
        &g,
        "name: &str,\n    ) -> Result<::auth_core::ByteStream, ::auth_core::Error>;",
    );
    // Files go last, after the fields that describe them.
    let from = &g.code[g.code.find("impl From<CreateAttachmentParts>").unwrap()..];
    assert!(from.find("\"parent\"").unwrap() < from.find("\"file\"").unwrap());
    assert!(g.warnings.is_empty(), "{:#?}", g.warnings);
}

/// `generate_crate`: a feature per tag; a method under its tags' features, a type
/// under the features of the methods reaching it, a type no operation reaches under
/// `unused-schemas`; the README's scope table names the methods of each scope.
#[test]
fn a_crate_has_a_feature_per_tag_and_gates_methods_and_types_by_them() {
    let schemas = "  schemas:\n    Order: {type: object, properties: {id: {type: string}, line: {$ref: '#/components/schemas/Line'}}}\n    Line: {type: object, properties: {sku: {type: string}}}\n    Refund: {type: object, properties: {id: {type: string}}}\n    Audit: {type: object, properties: {order: {$ref: '#/components/schemas/Order'}}}\n";
    let json = |schema: &str| {
        format!(
            "content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}"
        )
    };
    let paths = format!(
        "  /orders:\n    get:\n      operationId: listOrders\n      tags: [Orders, Reports]\n      security: [{{oauth: ['orders:read']}}]\n      responses: {{'200': {{description: ok, {}}}}}\n  /refunds:\n    post:\n      operationId: createRefund\n      tags: [Refunds]\n      security: [{{oauth: ['orders:write']}}]\n      requestBody: {{{}}}\n      responses: {{'200': {{description: ok, {}}}}}\n  /health:\n    get:\n      operationId: health\n      security: []\n      responses: {{'204': {{description: ok}}}}\n",
        json("Order"),
        json("Refund"),
        json("Order"),
    );
    let source = document(schemas, &paths);
    let package = auth_openapi::generate_crate(
        &source,
        &Config::default(),
        &auth_openapi::PackageOptions::new("shop"),
    )
    .unwrap();
    let file = |name: &str| &package.files.iter().find(|(p, _)| p == name).unwrap().1;
    let manifest = file("Cargo.toml");
    assert!(manifest.contains("name = \"shop\""), "{manifest}");
    assert!(
        manifest.contains("default = [\"orders\", \"refunds\", \"reports\"]\n"),
        "{manifest}"
    );
    assert!(manifest.contains("\nunused-schemas = []\n"), "{manifest}");
    // The code with every run of white space one space.
    let code = file("src/generated.rs")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // Methods: under their tags; one without a tag always.
    assert!(
        code.contains(
            "#[cfg(any(feature = \"orders\", feature = \"reports\"))] #[get(\"/orders\")]"
        ),
        "{code}"
    );
    assert!(
        code.contains("#[cfg(feature = \"refunds\")] #[post(\"/refunds\")]"),
        "{code}"
    );
    assert!(
        code.contains("pub trait Shop { #[get(\"/health\")] #[public]"),
        "{code}"
    );
    // Types: `Order` and `Line` reached by both tags' methods, `Refund` by one, `Audit`
    // by none (and what it reaches also under `unused-schemas`).
    assert!(
        code.contains("#[cfg( any( feature = \"orders\", feature = \"refunds\", feature = \"reports\", feature = \"unused-schemas\" ) )] ///`Order` #[derive(::serde::Serialize, Clone, Debug, Default)] pub struct Order {"),
        "{code}"
    );
    assert!(
        code.contains("#[cfg(feature = \"refunds\")] ///`Refund` #[derive(::serde::Serialize, Clone, Debug, Default)] pub struct Refund {"),
        "{code}"
    );
    assert!(
        code.contains("#[cfg(feature = \"unused-schemas\")] ///`Audit` #[derive(::serde::Serialize, Clone, Debug, Default)] pub struct Audit {"),
        "{code}"
    );
    let readme = file("README.md");
    assert!(readme.contains("| `orders` | Orders | 1 |"), "{readme}");
    assert!(
        readme.contains("| `orders:read` | `shop::orders_read` | Read orders | `list_orders` |"),
        "{readme}"
    );
    // rustc reads the source through the build script, which leaves out what is off.
    assert!(
        file("src/lib.rs").contains("include!(concat!(env!(\"OUT_DIR\"), \"/generated.rs\"));"),
        "{}",
        file("src/lib.rs")
    );
    assert!(file("build.rs").contains("strip(&source, &enabled)"));
    // The plain generation has none of it.
    assert!(!ok(&source).code.contains("feature ="));
}
