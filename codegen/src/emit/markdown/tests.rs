use super::*;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

fn nothing(_: &str) -> Option<String> {
    None
}

fn md(source: &str) -> String {
    to_rustdoc(source, &Links { header_dir: "winhttp", resolve: &nothing })
}

/// What rustdoc would object to, or run, in `doc`: read with rustdoc's markdown options.
fn problems(doc: &str) -> Vec<String> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut found = Vec::new();
    let mut code: Vec<Range<usize>> = Vec::new();
    let mut link_starts = Vec::new();
    let (mut in_link, mut in_code_block) = (0, false);
    for (event, range) in Parser::new_ext(doc, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                code.push(range);
                match kind {
                    CodeBlockKind::Fenced(lang) if ["cpp", "c", "text"].contains(&&*lang) => {}
                    other => found.push(format!("code block {other:?}")),
                }
            }
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Code(_) => code.push(range),
            Event::Html(h) | Event::InlineHtml(h) => found.push(format!("HTML {h:?}")),
            Event::Start(Tag::Link { dest_url, .. }) => {
                in_link += 1;
                link_starts.push(range.start);
                if !["crate::", "https://", "http://", "mailto:"].iter().any(|p| dest_url.starts_with(p)) {
                    found.push(format!("link target {dest_url:?}"));
                }
            }
            Event::End(TagEnd::Link) => in_link -= 1,
            Event::Text(t) if in_link == 0 && !in_code_block && has_url(&t) => {
                found.push(format!("bare URL in {t:?}"));
            }
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => found.push(format!("{event:?}")),
            Event::Start(tag @ (Tag::FootnoteDefinition(_) | Tag::Image { .. })) => found.push(format!("{tag:?}")),
            _ => {}
        }
    }
    let in_code = |i: usize| code.iter().any(|r| r.contains(&i));
    if doc.ends_with('\n') {
        found.push("trailing newline".into());
    }
    let (mut offset, mut blank) = (0, false);
    for line in doc.split('\n') {
        if line.ends_with([' ', '\t']) {
            found.push(format!("trailing space: {line:?}"));
        }
        if line.is_empty() && blank {
            found.push("two blank lines".into());
        }
        blank = line.is_empty();
        if line.starts_with("    ") && !in_code(offset) {
            found.push(format!("indented 4+: {line:?}"));
        }
        offset += line.len() + 1;
    }
    let bytes = doc.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_code(i) {
            continue;
        }
        let backslashes = bytes[..i].iter().rev().take_while(|&&c| c == b'\\').count();
        match b {
            b'<' if bytes.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/') => {
                found.push(format!("tag at {i}: {:?}", &doc[i..doc.len().min(i + 20)]));
            }
            b'[' if backslashes % 2 == 0 && !link_starts.contains(&i) => {
                found.push(format!("bracket at {i}: {:?}", &doc[i..doc.len().min(i + 20)]));
            }
            _ => {}
        }
    }
    found
}

/// Whether rustdoc's `bare_urls` lint would see a URL in `text`: its pattern is
/// `https?://([-a-zA-Z0-9@:%._\+~#=]{2,256}\.)+[a-zA-Z]{2,63}`.
fn has_url(text: &str) -> bool {
    let host_char = |c: char| c.is_ascii_alphanumeric() || "-@:%._+~#=".contains(c);
    text.match_indices("http").any(|(i, _)| {
        let rest = &text[i + 4..];
        let Some(rest) = rest.strip_prefix("://").or_else(|| rest.strip_prefix("s://")) else { return false };
        let host: Vec<char> = rest.chars().take_while(|&c| host_char(c)).collect();
        (2..host.len())
            .any(|k| host[k] == '.' && host[k + 1..].iter().take(2).filter(|c| c.is_ascii_alphabetic()).count() == 2)
    })
}

#[test]
fn code_blocks_are_fenced_with_a_language_rustdoc_does_not_run() {
    assert_eq!(md("```cpp\nint x = 1;\n```\n"), "```cpp\nint x = 1;\n```");
    assert_eq!(md("```C++\nint x;\n```\n"), "```cpp\nint x;\n```");
    assert_eq!(md("```c\nint x;\n```\n"), "```c\nint x;\n```");
    // A `rust` (or unlabelled) fence would be compiled as a doctest.
    assert_eq!(md("```rust\nlet x = 1;\n```\n"), "```text\nlet x = 1;\n```");
    assert_eq!(md("```\nplain\n```\n"), "```text\nplain\n```");
    assert_eq!(md("Text:\n\n    indented();\n      more();\n"), "Text:\n\n```text\nindented();\n  more();\n```");
    assert_eq!(
        md("<pre class=\"syntax\" xml:space=\"preserve\"><code>\nA := B | C*\n</code></pre>"),
        "```text\nA := B | C*\n```"
    );
    assert_eq!(md("<pre>a ``` b</pre>"), "````text\na ``` b\n````");
    assert_eq!(md("#### Examples\n\n<div class=\"code\"></div>\n"), "##### Examples");
}

#[test]
fn links_are_intra_doc_when_generated_and_absolute_otherwise() {
    let callback = "/windows/desktop/api/winhttp/nc-winhttp-winhttp_status_callback";
    let resolve = |href: &str| (href == callback).then(|| "crate::winhttp::WINHTTP_STATUS_CALLBACK".to_string());
    let links = Links { header_dir: "winhttp", resolve: &resolve };
    let doc = |s: &str| to_rustdoc(s, &links);
    assert_eq!(
        doc(&format!(
            "This structure is used with the \n<a href=\"{callback}\">WINHTTP_STATUS_CALLBACK</a> prototype."
        )),
        "This structure is used with the [WINHTTP_STATUS_CALLBACK] prototype."
    );
    assert_eq!(doc(&format!("<a href=\"{callback}\"></a>")), "[WINHTTP_STATUS_CALLBACK]");
    // Another label keeps the explicit target.
    assert_eq!(
        doc(&format!("<a href=\"{callback}\">the callback</a>")),
        "[the callback](crate::winhttp::WINHTTP_STATUS_CALLBACK)"
    );
    assert_eq!(
        doc("See <a href=\"/windows/desktop/WinHttp/winhttp-start-page\">Run-Time Requirements</a>."),
        "See [Run-Time Requirements](https://learn.microsoft.com/windows/win32/WinHttp/winhttp-start-page)."
    );
    assert_eq!(
        doc("Call [WinHttpOpen](nf-winhttp-winhttpopen.md) first."),
        "Call [WinHttpOpen](https://learn.microsoft.com/windows/win32/api/winhttp/nf-winhttp-winhttpopen) first."
    );
    assert_eq!(
        doc("<a href=\"/windows/desktop/api/winhttp/nf-winhttp-winhttpopen\"></a>"),
        "[nf-winhttp-winhttpopen](https://learn.microsoft.com/windows/win32/api/winhttp/nf-winhttp-winhttpopen)"
    );
    assert_eq!(doc("See <a href=\"#remarks\">Remarks</a> below."), "See Remarks below.");
    assert_eq!(doc("<a href=\"javascript:void(0)\">x[1]</a>"), r"x\[1\]");
    assert_eq!(
        doc("<a href=\"https://msdn.microsoft.com/abc\"><code>WinHttpOpen</code></a>"),
        "[`WinHttpOpen`](https://msdn.microsoft.com/abc)"
    );
    assert_eq!(
        doc("<a href=\"https://msdn.microsoft.com/abc\">Get <b>more</b></a>"),
        "[Get **more**](https://msdn.microsoft.com/abc)"
    );
    assert_eq!(doc("Fill buffer[0] and [in] data."), r"Fill buffer\[0\] and \[in\] data.");
    // rustdoc warns about bare URLs; a link to itself reads the same.
    assert_eq!(doc("See http://tempuri.org."), "See [http://tempuri.org](http://tempuri.org).");
    assert_eq!(
        doc("(see https://example.com/a_(b))"),
        r"(see [https://example.com/a\_(b)](https://example.com/a_%28b%29))"
    );
}

#[test]
fn html_never_reaches_the_output() {
    assert_eq!(md("if a &lt; b &amp;&amp; c &gt; d"), "if a &lt; b &amp;&amp; c &gt; d");
    assert_eq!(md("<p>e.g. &lt;a:order id=\"5\"&gt;</p>"), "e.g. &lt;a:order id=\"5\"&gt;");
    assert_eq!(
        md("Call <span class=\"x\">Foo</span> with <img src=\"a.png\" alt=\"a diagram\"> now<img src=\"b.png\">."),
        "Call Foo with a diagram now."
    );
    assert_eq!(md("![The flow](images/flow.png)"), "The flow");
    assert_eq!(md("<script>alert(1)</script>Text"), "Text");
    assert_eq!(md("<font color=\"red\"><u>Red</u></font> text"), "Red text");
    // Inside code spans `<` is shown as written.
    assert_eq!(md("<code>&lt;a&gt;</code>"), "`<a>`");
}

#[test]
fn markdown_characters_in_text_render_literally() {
    assert_eq!(md("<p>WINHTTP_ASYNC_RESULT</p>"), "WINHTTP_ASYNC_RESULT");
    assert_eq!(md("<p>_foo_ and __stdcall and foo_</p>"), r"\_foo\_ and \_\_stdcall and foo\_");
    assert_eq!(md("<p>*p and a*b and **</p>"), r"\*p and a\*b and \*\*");
    assert_eq!(md("<p>the ` key</p>"), r"the \` key");
    assert_eq!(md("<p># of bytes</p>"), r"\# of bytes");
    assert_eq!(md("<p>- 1 means none</p>"), r"\- 1 means none");
    assert_eq!(md("<p>+ more</p>"), r"\+ more");
    assert_eq!(md("<p>1. First</p>"), r"1\. First");
    assert_eq!(md("<p>2) Second</p>"), r"2\) Second");
    assert_eq!(md("<p>1.5 seconds</p>"), "1.5 seconds");
    assert_eq!(md("<p>&gt; 5</p>"), "&gt; 5");
    assert_eq!(md("<p>FLAG_A | FLAG_B</p>"), r"FLAG_A \| FLAG_B");
    assert_eq!(md("<p>~50 ms</p>"), r"\~50 ms");
    assert_eq!(md("<p>C:\\Windows</p>"), r"C:\\Windows");
    // A markdown escape in the page is resolved, then written the way this module writes it.
    assert_eq!(md(r"A\_B and \*p"), r"A_B and \*p");
}

#[test]
fn inline_markup_becomes_markdown_emphasis_and_code() {
    assert_eq!(
        md("<b>bold</b>, <i>italic</i>, <code>code</code>, <strong>s</strong> <em>e</em>"),
        "**bold**, *italic*, `code`, **s** *e*"
    );
    assert_eq!(md("**bold** and *it* and `x`"), "**bold** and *it* and `x`");
    assert_eq!(md("a <b></b> b <i>\u{a0}</i> c"), "a b c");
    assert_eq!(md("one\n  two\u{a0}\u{a0}three<br>four<br/>five"), "one two three four five");
    // The pages put the space after a label inside the bold: it moves out.
    assert_eq!(
        md("<b>Windows 8:\u{a0}\u{a0}</b>The framework supports it."),
        "**Windows 8:** The framework supports it."
    );
    assert_eq!(md("<code>a`b</code>"), "``a`b``");
    assert_eq!(md("<code>`x</code>"), "`` `x ``");
    assert_eq!(md("<code>a</code><code>b</code>"), "`ab`");
    // `**(x)**` glued to letters would not be emphasis in CommonMark: written plain.
    assert_eq!(md("word<b>(x)</b>word"), "word(x)word");
    assert_eq!(md("<b><b>x</b></b> <b>A</b><b>B</b>"), "**x** **AB**");
    assert_eq!(md("<b>A <i>B</i></b>"), "**A *B***");
    assert_eq!(md("<del>old</del>"), "~~old~~");
}

#[test]
fn tables_become_github_tables() {
    let value_table = "<table>\n<tr>\n<th>Value</th>\n<th>Meaning</th>\n</tr>\n<tr>\n\
        <td width=\"40%\"><a id=\"API_READ_DATA\"></a><a id=\"api_read_data\"></a><dl>\n\
        <dt><b>API_READ_DATA</b></dt>\n<dt>3</dt>\n</dl>\n</td>\n<td width=\"60%\">\n\
        The error occurred during a call to \n\
        <a href=\"/windows/desktop/api/winhttp/nf-winhttp-winhttpreaddata\">WinHttpReadData</a>.\n\n\
        </td>\n</tr>\n</table>\n";
    assert_eq!(
        md(value_table),
        "| Value | Meaning |\n| --- | --- |\n| **API_READ_DATA** 3 | The error occurred during a call to \
         [WinHttpReadData](https://learn.microsoft.com/windows/win32/api/winhttp/nf-winhttp-winhttpreaddata). |"
    );
    // No header row: the first row heads the table.
    let table = md("<table><tr><td>a | b</td><td><p>One.</p><p>Two.</p></td></tr>\
                    <tr><td><code>x|y</code></td><td></td></tr></table>");
    assert_eq!(table, "| a \\| b | One. Two. |\n| --- | --- |\n| `x\\|y` |  |");
    // GFM reads `\|` in a code span in a table as `|`.
    let codes: Vec<String> = Parser::new_ext(&table, Options::ENABLE_TABLES)
        .filter_map(|e| if let Event::Code(c) = e { Some(c.to_string()) } else { None })
        .collect();
    assert_eq!(codes, ["x|y"]);
    assert_eq!(
        md("<table><tr><th>A</th></tr><tr><td>Values:<ul><li>X</li><li>Y</li></ul></td></tr></table>"),
        "| A |\n| --- |\n| Values: X; Y |"
    );
    assert_eq!(
        md("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td></tr><tr><td colspan=\"2\">w</td></tr></table>"),
        "| A | B |\n| --- | --- |\n| 1 |  |\n| w |  |"
    );
    assert_eq!(md("<table><tr><td> </td></tr></table>"), "");
}

#[test]
fn alerts_become_labelled_quotes() {
    assert_eq!(
        md("<div class=\"alert\"><b>Note</b>\u{a0}\u{a0}For Windows XP, see \
            <a href=\"/windows/desktop/WinHttp/winhttp-start-page\">Run-Time Requirements</a>.</div>\n<div>\u{a0}</div>"),
        "> **Note:** For Windows XP, see \
         [Run-Time Requirements](https://learn.microsoft.com/windows/win32/WinHttp/winhttp-start-page)."
    );
    assert_eq!(md("<div class=\"alert\"><b>Caution:</b> Do not.</div>"), "> **Caution:** Do not.");
    assert_eq!(md("> [!NOTE]\n> The header defines an alias.\n"), "> **Note:** The header defines an alias.");
    assert_eq!(md("> [!IMPORTANT]\n>\n> Call it first.\n"), "> **Important:** Call it first.");
    assert_eq!(md("> [!warning]\n> One.\n>\n> Two.\n"), "> **Warning:** One.\n>\n> Two.");
    assert_eq!(md("> [!TIP]\n> - a\n> - b\n"), "> **Tip:**\n>\n> - a\n> - b");
    assert_eq!(md("> Quoted text.\n"), "> Quoted text.");
    assert_eq!(md("> [!div class=\"x\"]\n"), r#"> \[!div class="x"\]"#);
}

#[test]
fn lists_become_markdown_lists() {
    assert_eq!(md("Values:<ul>\n<li>A_B</li>\n<li>C</li>\n</ul>"), "Values:\n\n- A_B\n- C");
    assert_eq!(md("1. First\n2. Second\n"), "1. First\n2. Second");
    assert_eq!(md("* a\n* b\n"), "- a\n- b");
    assert_eq!(
        md("<ul><li>Outer<ul><li>Inner one</li><li>Inner two</li></ul></li><li>Next</li></ul>"),
        "- Outer\n  - Inner one\n  - Inner two\n- Next"
    );
    assert_eq!(
        md("<ol><li><p>Step one.</p><p>More.</p></li><li>Step two.</li></ol>"),
        "1. Step one.\n\n   More.\n\n2. Step two."
    );
    assert_eq!(md("<ol start=\"3\"><li>c</li><li>d</li></ol>"), "3. c\n4. d");
    // Deeper nesting, and numbers past 9, would need 4-space indents: flattened instead.
    assert_eq!(md("<ul><li>a<ul><li>b<ul><li>c</li><li>d</li></ul></li></ul></li></ul>"), "- a\n  - b c; d");
    assert_eq!(
        md("<ol start=\"9\"><li><p>One.</p><p>More.</p></li><li><p>Two.</p><p>Also.</p></li></ol>"),
        "9. One. More.\n10. Two. Also."
    );
    assert_eq!(
        md("<ul><li>Code:<pre>x = 1;</pre></li><li>b</li></ul>"),
        "- Code:\n\n  ```text\n  x = 1;\n  ```\n\n- b"
    );
    assert_eq!(
        md("<dl><dt>PARAM_A</dt><dd>The first.</dd><dt><b>PARAM_B</b></dt><dd>The second.</dd></dl>"),
        "**PARAM_A**\n\nThe first.\n\n**PARAM_B**\n\nThe second."
    );
}

#[test]
fn headings_go_below_the_item_headings() {
    assert_eq!(md("Intro.\n\n### Examples\n\nText."), "Intro.\n\n#### Examples\n\nText.");
    assert_eq!(
        md("<h3><a id=\"When_to_Implement\"></a><a id=\"when_to_implement\"></a>When to Implement</h3>\n\
            Third parties do not implement this interface."),
        "#### When to Implement\n\nThird parties do not implement this interface."
    );
    assert_eq!(md("## Top\n\n#### Sub\n\n###### Deep"), "#### Top\n\n##### Sub\n\n###### Deep");
    assert_eq!(md("### Using C#"), r"#### Using C\#");
    assert_eq!(md("<h3> </h3>"), "");
}

#[test]
fn layout_is_tidy() {
    assert_eq!(md(""), "");
    assert_eq!(md(" \n\n\u{a0}\n"), "");
    assert_eq!(md("<p>a </p>\n\n\n<div>\u{a0}</div>\n \n\n<p>b</p>\n\n"), "a\n\nb");
    assert_eq!(md("a\n\n---\n\nb"), "a\n\n---\n\nb");
    let callback = md(concat!(
        "Text.\n\n<table class=\"clsStd\">\n<tr>\n<th>Completion flag</th>\n<th>Function</th>\n</tr>\n",
        "<tr>\n<td>WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE</td>\n<td>\n",
        "<a href=\"/windows/desktop/api/winhttp/nf-winhttp-winhttpquerydataavailable\">WinHttpQueryDataAvailable</a>\n",
        "</td>\n</tr>\n</table>\n \n\nBecause callbacks are made during the processing.\n"
    ));
    assert_eq!(
        callback,
        "Text.\n\n| Completion flag | Function |\n| --- | --- |\n| WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE | \
         [WinHttpQueryDataAvailable](https://learn.microsoft.com/windows/win32/api/winhttp/nf-winhttp-winhttpquerydataavailable) |\n\n\
         Because callbacks are made during the processing."
    );
}

#[test]
fn external_urls_are_absolute_learn_urls() {
    let url = |href: &str| external_url(href, "winhttp");
    let learn = |path: &str| Some(format!("https://learn.microsoft.com{path}"));
    assert_eq!(
        url("https://msdn.microsoft.com/7b34138f-7263"),
        Some("https://msdn.microsoft.com/7b34138f-7263".into())
    );
    assert_eq!(url("http://example.com/a"), Some("http://example.com/a".into()));
    assert_eq!(url("https://docs.microsoft.com/windows/desktop/api/a/b"), learn("/windows/win32/api/a/b"));
    assert_eq!(url("https://docs.microsoft.com/en-us/windows/desktop/x#y"), learn("/en-us/windows/win32/x#y"));
    assert_eq!(url("https://learn.microsoft.com/windows/desktopish"), learn("/windows/desktopish"));
    assert_eq!(
        url("/windows/desktop/api/winhttp/nc-winhttp-winhttp_status_callback"),
        learn("/windows/win32/api/winhttp/nc-winhttp-winhttp_status_callback")
    );
    assert_eq!(url("/windows/Desktop/WinHttp/x"), learn("/windows/win32/WinHttp/x"));
    assert_eq!(url("/cpp/c-runtime-library/reference/malloc"), learn("/cpp/c-runtime-library/reference/malloc"));
    assert_eq!(url("nf-winhttp-winhttpopen.md"), learn("/windows/win32/api/winhttp/nf-winhttp-winhttpopen"));
    assert_eq!(
        url("./nf-winhttp-WinHttpOpen.md#remarks"),
        learn("/windows/win32/api/winhttp/nf-winhttp-WinHttpOpen#remarks")
    );
    assert_eq!(
        url("../wininet/nf-wininet-internetopena.md"),
        learn("/windows/win32/api/wininet/nf-wininet-internetopena")
    );
    assert_eq!(external_url("x.md", ""), learn("/windows/win32/api/x"));
    assert_eq!(url("#remarks"), None);
    assert_eq!(url(""), None);
    assert_eq!(url("  "), None);
    assert_eq!(url("javascript:alert(1)"), None);
    assert_eq!(url("C:\\x.md"), None);
    assert_eq!(url("mailto:a@example.com"), Some("mailto:a@example.com".into()));
    assert_eq!(url("mailto:"), None);
    // Characters that would end or break `[text](url)`.
    assert_eq!(
        url("../servprov/nf-servprov-iserviceprovider-queryservice(refguid_refiid_void).md"),
        learn("/windows/win32/api/servprov/nf-servprov-iserviceprovider-queryservice%28refguid_refiid_void%29")
    );
    assert_eq!(url("https://x.com/a b<c>\"d\"|e"), Some("https://x.com/a%20b%3Cc%3E%22d%22%7Ce".into()));
    assert_eq!(url("https://x.com/a\u{a0}b"), Some("https://x.com/a%C2%A0b".into()));
}

#[test]
fn escape_text_shows_plain_text_literally() {
    assert_eq!(escape_text("WINHTTP_ASYNC_RESULT"), "WINHTTP_ASYNC_RESULT");
    assert_eq!(escape_text("*p [0] <b> & `x`"), r"\*p \[0\] &lt;b&gt; &amp; \`x\`");
    assert_eq!(escape_text("# 1. x\n  y"), r"\# 1. x y");
    assert_eq!(escape_text("1. first"), r"1\. first");
    assert_eq!(escape_text("see https://x.com/a."), "see [https://x.com/a](https://x.com/a).");
    assert_eq!(escape_text(" \n "), "");
}

/// Splits a page into its `## ` / `### ` section bodies.
fn sections(page: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in page.lines() {
        if line.starts_with("## ") || line.starts_with("### ") {
            out.push((line.to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

#[test]
fn every_docs_src_section_is_rustdoc_safe() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-src");
    let mut pages = Vec::new();
    for dir in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path()).into_iter().flatten().flatten() {
            let path = file.path();
            if path.extension().is_some_and(|e| e == "md")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                let header = dir.file_name().to_string_lossy().into_owned();
                let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
                pages.push((header, stem, text));
            }
        }
    }
    pages.sort();
    assert!(pages.len() >= 40, "docs-src pages found: {}", pages.len());
    let slugs: Vec<(String, String)> = pages.iter().map(|(h, s, _)| (h.clone(), s.clone())).collect();
    // Links to the pages of the set resolve, as the generator's link index would.
    let resolve = |href: &str| {
        let last = href.split(['#', '?']).next()?.rsplit('/').next()?.to_lowercase();
        let last = last.strip_suffix(".md").unwrap_or(&last);
        slugs.iter().find(|(_, s)| s == last).map(|(h, s)| format!("crate::{h}::{}", s.replace('-', "_")))
    };
    let (mut converted, mut failures, mut intra) = (0, Vec::new(), 0);
    for (header, stem, text) in &pages {
        let links = Links { header_dir: header, resolve: &resolve };
        for (heading, body) in sections(text) {
            if !(heading == "## -remarks" || heading.starts_with("### -field") || heading.starts_with("## -")) {
                continue;
            }
            let doc = to_rustdoc(&body, &links);
            converted += usize::from(!doc.is_empty());
            intra += doc.matches("](crate::").count();
            for problem in problems(&doc) {
                failures.push(format!("{header}/{stem} {heading}: {problem}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(converted > 200, "only {converted} non-empty sections");
    assert!(intra > 0);
}

#[test]
fn odd_and_nested_input_does_not_panic_and_stays_safe() {
    const TOKENS: &[&str] = &[
        "<table>",
        "<tr>",
        "<td>",
        "</td>",
        "<th>",
        "</table>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "`",
        "``",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "<a href=\"x.md\">",
        "<a href=\"#x\">",
        "<a href=\"https://a.com/(x\">",
        "</a>",
        "\n",
        "\n\n",
        "> ",
        "- ",
        "1. ",
        "10. ",
        "```",
        "```cpp\n",
        "<pre>",
        "</pre>",
        "<ul>",
        "<ol>",
        "<li>",
        "</li>",
        "</ul>",
        "<dl>",
        "<dt>",
        "<dd>",
        "&lt;",
        "&amp;",
        "#",
        "### ",
        " ",
        "    ",
        "\t",
        "text",
        "A_B",
        "<div class=\"alert\">",
        "</div>",
        "|",
        "\\",
        "https://a.com/x",
        "http://",
        "<br>",
        "<h3>",
        "</h3>",
        "[!NOTE]",
        "<code>",
        "</code>",
        "<img alt=\"x\">",
        "<img alt=\"<b>\">",
        "\u{a0}",
        "é",
        "<!-- c -->",
        "<script>",
        "~",
        "=",
        "+",
        "-",
        "---",
        "<p>",
        "</p>",
        "<blockquote>",
        "<hr>",
        "<x-y>",
        "&#",
        "\r\n",
    ];
    // A fixed linear congruential generator: reproducible, and no dependency.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    for case in 0..400 {
        let len = next() % 60;
        let input: String = (0..len).map(|_| TOKENS[next() % TOKENS.len()]).collect();
        let doc = md(&input);
        let found = problems(&doc);
        assert!(found.is_empty(), "case {case}: {input:?}\n{doc}\n{found:#?}");
    }
    // Far deeper than MAX_DEPTH; not deeper, since html5ever's own cost grows with depth squared.
    for input in [
        "<b>".repeat(2000) + "x",
        "<div>".repeat(500) + "x",
        "<ul><li>".repeat(300) + "x",
        "> ".repeat(300) + "x",
        "<table><tr><td>".repeat(100) + "x",
        "<dl><div>".repeat(300) + "x",
    ] {
        let doc = md(&input);
        assert!(doc.contains('x'), "{doc}");
        assert!(problems(&doc).is_empty(), "{doc}");
    }
}

#[test]
fn tables_of_the_values_are_left_out_and_their_place_marked() {
    let links = Links { header_dir: "winhttp", resolve: &nothing };
    let values = ["API_A".to_string()];
    let table = |name: &str| {
        format!("<table><tr><th>Value</th><th>Meaning</th></tr><tr><td>{name}</td><td>Does {name}.</td></tr></table>")
    };
    let source = format!(
        "Intro.\n\n{}\n\nMiddle.\n\n{}\n\n<table><tr><td>Mentions API_A in prose</td></tr></table>\n\n{}\n\nEnd.",
        table("API_A"),
        table("API_A"),
        table("API_OTHER"),
    );
    let out = to_rustdoc_without_value_tables(&source, &links, &values);
    // The first table of the values is marked, the second left out; a table that only
    // mentions a value, and a table of other values, stay.
    assert_eq!(out.matches(VALUE_TABLE_MARK).count(), 1, "{out}");
    let (before, after) = out.split_once(VALUE_TABLE_MARK).expect("marked");
    assert_eq!(before.trim(), "Intro.");
    assert!(after.contains("Middle.") && after.contains("Mentions API_A in prose"), "{after}");
    assert!(after.contains("API_OTHER") && after.trim_end().ends_with("End."), "{after}");
    assert!(!after.contains("Does API_A."), "{after}");
    // Nothing to leave out: the plain conversion.
    assert_eq!(to_rustdoc_without_value_tables(&source, &links, &[]), md(&source));
}
