//! The five seed pages (older sdk-api format, with real defects). Every expectation here was
//! written by hand from reading the page, not copied from the parser's output; line numbers
//! were counted in the fixture files (`grep -n`).

use winasync_codegen::Kind;
use winasync_tests::{field_names, findings, item, parse, root};

fn seed(name: &str) -> winasync_codegen::Page {
    parse(root().join("tests/fixtures/seeds").join(name))
}

/// The line a part of the model was read from.
fn line(page: &winasync_codegen::Page, span: winasync_codegen::Span) -> u32 {
    page.file.pos(span.start).line
}

#[test]
fn winhttp_async_result() {
    let page = seed("000_f147a628605507f7.txt");
    let item = item(&page);
    // The UID is the generated `__unnamed_struct_0`; the title names the struct.
    assert_eq!(item.name, "WINHTTP_ASYNC_RESULT");
    assert_eq!(item.kind, Kind::Struct);
    assert_eq!(item.header.as_deref(), Some("winhttp"));
    assert_eq!(item.asset_id.as_ref().map(|a| a.as_str()), Some("31544ef1-2532-4e44-8747-7a693cef9ccd"));
    assert_eq!(field_names(item), ["dwResult", "dwError"]);

    let values: Vec<(&str, Option<i128>)> = item.fields[0].values.iter().map(|v| (v.name.as_str(), v.value)).collect();
    assert_eq!(
        values,
        [
            ("API_RECEIVE_RESPONSE", Some(1)),
            ("API_QUERY_DATA_AVAILABLE", Some(2)),
            ("API_READ_DATA", Some(3)),
            ("API_WRITE_DATA", Some(4)),
            ("API_SEND_REQUEST", Some(5)),
        ]
    );
    // Line 70 is the row's first mention of the name: `<a id="API_RECEIVE_RESPONSE">`.
    assert_eq!(line(&page, item.fields[0].values[0].span), 70);
    assert_eq!(item.fields[0].values[2].description, "The error occurred during a call to WinHttpReadData.");
    assert!(item.fields[1].values.is_empty());
    assert_eq!(
        item.fields[1].description.plain,
        "Contains the error code if dwResult indicates that the function failed."
    );
    // The value table is not repeated in the field's prose.
    assert!(!item.fields[0].description.plain.contains("API_READ_DATA"), "{}", item.fields[0].description.plain);

    assert!(item.aliases.iter().any(|a| a.name == "LPWINHTTP_ASYNC_RESULT" && a.pointer && line(&page, a.span) == 41));
    assert_eq!(item.requirements.header.as_ref().map(|h| (h.as_str(), line(&page, h.span))), Some(("winhttp.h", 13)));
    assert_eq!(
        item.requirements.min_client.as_ref().map(|m| m.as_str()),
        Some("Windows\u{a0}XP, Windows\u{a0}2000 Professional with SP3 [desktop apps only]")
    );
    assert_eq!(item.see_also.len(), 1);
    assert_eq!(item.see_also[0].href, "https://msdn.microsoft.com/b69e5087-7849-4cbc-a97b-204a26fdd044");
    assert_eq!(item.see_also[0].text, "WinHTTP Versions");
    assert!(
        item.remarks.as_ref().is_some_and(|r| r.plain.starts_with("Note For Windows XP and Windows 2000")),
        "{:?}",
        item.remarks
    );
    assert_eq!(findings(&page), [], "a clean page reports nothing");
}

#[test]
fn internet_async_result_recovers_its_name_from_the_title_line() {
    let page = seed("001_df78dcc5149ec7da.txt");
    let item = item(&page);
    assert_eq!(item.name, "INTERNET_ASYNC_RESULT");
    assert_eq!(item.kind, Kind::Struct);
    assert_eq!(line(&page, item.span), 31, "the name comes from `# INTERNET_ASYNC_RESULT structure`");
    // Placeholders are not data.
    assert_eq!(item.uid, None);
    assert_eq!(item.asset_id, None);
    assert_eq!(item.header, None);
    assert_eq!(item.requirements.header, None);
    assert_eq!(field_names(item), ["dwResult", "dwError"]);
    assert!(item.fields[0].description.plain.starts_with("Result. This parameter can be an HINTERNET handle"));
    // The remarks' "Value of dwInternetStatus / Value of dwResult" table is prose, not values.
    let remarks = item.remarks.as_ref().map(|r| r.plain.as_str()).unwrap_or_default();
    assert!(
        remarks.starts_with(
            "The value of dwResult is determined by the value of dwInternetStatus in the status callback function.\n"
        ),
        "{remarks}"
    );
    assert!(
        remarks.contains("INTERNET_STATUS_REQUEST_COMPLETE Boolean return code from the asynchronous function."),
        "{remarks}"
    );
    assert_eq!(findings(&page), [("template-front-matter", 2)]);
    let help = page.diagnostics[0].help.as_deref().unwrap_or_default();
    assert!(help.contains("INTERNET_ASYNC_RESULT"), "the warning says what was recovered: {help}");
}

#[test]
fn websocket_async_result_strips_the_struct_tag() {
    let page = seed("002_fa42af9f2f8370d5.txt");
    let item = item(&page);
    // The title line says `_WINHTTP_WEB_SOCKET_ASYNC_RESULT` (the tag); the description's
    // `<b>WINHTTP_WEB_SOCKET_ASYNC_RESULT</b>` confirms the typedef name.
    assert_eq!(item.name, "WINHTTP_WEB_SOCKET_ASYNC_RESULT");
    assert_eq!(item.kind, Kind::Struct);
    assert!(item.aliases.iter().any(|a| a.name == "_WINHTTP_WEB_SOCKET_ASYNC_RESULT" && !a.pointer));
    assert_eq!(field_names(item), ["AsyncResult", "Operation"]);
    assert_eq!(
        item.fields[1].description.plain,
        "Type: WINHTTP_WEB_SOCKET_OPERATION\nThe type of WebSocket operation."
    );
    assert_eq!(item.see_also.len(), 6);
    assert_eq!(item.see_also[5].href, "https://msdn.microsoft.com/C98FDBE1-DDBC-45c7-81FA-CB7C5940E3B5");
    assert_eq!(findings(&page), [("template-front-matter", 2)]);
}

#[test]
fn iwsd_async_result_is_an_interface() {
    let page = seed("003_6f654270e9c723d6.txt");
    let item = item(&page);
    assert_eq!(item.name, "IWSDAsyncResult");
    assert_eq!(item.kind, Kind::Interface);
    assert_eq!(item.header.as_deref(), Some("wsdclient"));
    assert_eq!(item.requirements.dll.as_ref().map(|d| d.as_str()), Some("Wsdapi.dll"));
    assert_eq!(item.requirements.include_header.as_ref().map(|d| d.as_str()), Some("Wsdapi.h"));
    assert!(item.fields.is_empty());
    assert_eq!(item.description.plain, "Represents an asynchronous operation.");
    // Root-relative links in the remarks, with their positions.
    let remarks = item.remarks.as_ref().expect("remarks");
    assert_eq!(remarks.links[0].href, "/windows/desktop/api/wsdclient/nn-wsdclient-iwsdasynccallback");
    assert_eq!(line(&page, remarks.links[0].span), 63);
    assert!(item.keywords.iter().any(|k| k.text == "wsdclient/IWSDAsyncResult"));
    assert_eq!(findings(&page), []);
}

#[test]
fn async_status_reports_glued_yaml_and_misfiled_headings() {
    let page = seed("004_f6599f71433a3074.txt");
    let item = item(&page);
    assert_eq!(item.name, "AsyncStatus");
    assert_eq!(item.kind, Kind::Enum);
    assert_eq!(item.header.as_deref(), Some("asyncinfo"));
    assert_eq!(field_names(item), ["Started", "Completed", "Canceled", "Error"]);
    // `#### - Cancelled` (filed under Error) is the text of the empty `Canceled` section.
    assert_eq!(item.fields[2].description.plain, "The client has initiated a cancellation of the operation.");
    assert_eq!(
        item.fields[3].description.plain,
        "The operation has completed with an error. No results are available."
    );
    // `Created` documents a value AsyncStatus does not have: kept aside, not a field.
    let orphans: Vec<(&str, Option<&str>)> =
        item.orphans.iter().map(|o| (o.name.as_str(), o.under.as_deref())).collect();
    assert_eq!(orphans, [("Created", Some("Error"))]);
    // The glued line still yields both keys.
    assert_eq!(item.description.plain, "Represents the status for an asynchronous operation.");
    assert!(
        item.keywords.iter().any(|k| k.text == "asyncinfo/Cancelled" && line(&page, k.span) == 9),
        "helpviewer_keywords were read"
    );
    assert_eq!(findings(&page), [("glued-front-matter-keys", 4), ("misfiled-heading", 78), ("orphan-heading", 83)]);
    let glue = &page.diagnostics[0];
    assert_eq!(glue.pos.column, 66, "points at `helpviewer_keywords:`");
    assert_eq!(
        item.see_also[0].href,
        "https://docs.microsoft.com/windows/desktop/api/asyncinfo/nn-asyncinfo-iasyncinfo"
    );
}

#[test]
fn diagnostics_render_like_rustc_with_a_snippet() {
    let page = seed("004_f6599f71433a3074.txt");
    let rendered = page.diagnostics[2].render(&page.file);
    assert!(rendered.starts_with("warning[orphan-heading]: `#### - Created`"), "{rendered}");
    assert!(rendered.contains("004_f6599f71433a3074.txt:83:1"), "{rendered}");
    assert!(rendered.contains("83 │ #### - Created"), "{rendered}");
    assert!(
        rendered.contains("= help: kept aside as an orphan (the ABI check tells whether `Created` exists)"),
        "{rendered}"
    );
}
