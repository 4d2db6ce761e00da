//! Blocks: code blocks, alerts, and their layout as lines (lists, quotes, tables).

use super::*;

pub(super) fn code_block(pre: ElementRef<'_>) -> Option<Block> {
    let mut text = String::new();
    for node in pre.descendants() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) if e.name() == "br" => text.push('\n'),
            _ => {}
        }
    }
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty())?;
    let last = lines.iter().rposition(|l| !l.is_empty())?;
    let mut body = String::new();
    let mut blank = false;
    for line in &lines[first..=last] {
        if line.is_empty() && blank {
            continue;
        }
        blank = line.is_empty();
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(line);
    }
    Some(Block::Code { lang: code_language(pre), text: body })
}

/// `cpp` or `c` when the source names C++ or C (```` ```cpp ```` becomes `class="language-cpp"`),
/// otherwise `text`: never a language rustdoc would run as a doctest.
pub(super) fn code_language(pre: ElementRef<'_>) -> &'static str {
    let code_elements = pre.descendants().filter_map(ElementRef::wrap).filter(|e| e.value().name() == "code");
    for el in std::iter::once(pre).chain(code_elements) {
        for class in el.value().classes() {
            let lang = class.strip_prefix("language-").or_else(|| class.strip_prefix("lang-")).unwrap_or(class);
            match lang.to_ascii_lowercase().as_str() {
                "cpp" | "c++" | "cplusplus" | "cxx" | "cc" | "hpp" => return "cpp",
                "c" => return "c",
                _ => {}
            }
        }
    }
    "text"
}

/// `<div class="alert"><b>Note</b> text</div>` as `> **Note:** text`.
pub(super) fn alert(mut blocks: Vec<Block>) -> Block {
    if let Some(Block::Para(first)) = blocks.first()
        && let Some(rest) = first.strip_prefix("**")
        && let Some(end) = rest.find("**")
    {
        let label = rest[..end].trim().trim_end_matches(':').trim_end();
        if !label.is_empty() && label.len() <= 40 && !label.contains('*') {
            let (label, rest) = (label.to_string(), rest[end + 2..].trim_start().to_string());
            relabel(&mut blocks, &label, rest);
        }
    }
    Block::Quote(blocks)
}

/// docfx `> [!NOTE]` quotes as `> **Note:** text`; other quotes stay quotes.
pub(super) fn docfx_alert(mut blocks: Vec<Block>) -> Block {
    if let Some(Block::Para(first)) = blocks.first()
        && let Some(rest) = first.strip_prefix("\\[!")
        && let Some(end) = rest.find("\\]")
        && let Some(kind) = ALERT_KINDS.iter().find(|k| k.eq_ignore_ascii_case(&rest[..end]))
    {
        let rest = rest[end + 2..].trim_start().to_string();
        relabel(&mut blocks, kind, rest);
    }
    Block::Quote(blocks)
}

/// Replaces the first paragraph by `**label:** rest`; a label alone joins the next paragraph.
pub(super) fn relabel(blocks: &mut Vec<Block>, label: &str, rest: String) {
    let label = format!("**{label}:**");
    if rest.is_empty()
        && let Some(Block::Para(next)) = blocks.get(1)
    {
        blocks[1] = Block::Para(format!("{label} {next}"));
        blocks.remove(0);
    } else if rest.is_empty() {
        blocks[0] = Block::Para(label);
    } else {
        blocks[0] = Block::Para(format!("{label} {rest}"));
    }
}

/// Blocks on one line, for table cells and nested list items.
pub(super) fn flatten(blocks: &[Block], in_table: bool) -> String {
    let parts: Vec<String> = blocks.iter().map(|b| flatten_block(b, in_table)).filter(|s| !s.is_empty()).collect();
    parts.join(" ")
}

pub(super) fn flatten_block(block: &Block, in_table: bool) -> String {
    match block {
        Block::Para(text) | Block::Heading(_, text) => text.clone(),
        Block::Code { text, .. } => code_span(text, in_table),
        Block::List { items, .. } => {
            let items: Vec<String> = items.iter().map(|i| flatten(i, in_table)).filter(|s| !s.is_empty()).collect();
            items.join("; ")
        }
        Block::Quote(inner) => flatten(inner, in_table),
        Block::Table(rows) => {
            let rows: Vec<String> = rows
                .iter()
                .map(|row| row.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" "))
                .filter(|s| !s.is_empty())
                .collect();
            rows.join("; ")
        }
        Block::Rule => String::new(),
    }
}

/// The blocks as doc text: blank lines between blocks, no trailing spaces, no runs of blank
/// lines, no trailing newline.
pub(super) fn layout(blocks: &[Block]) -> String {
    let mut lines = Vec::new();
    push_blocks(blocks, 0, &mut lines);
    let mut out = String::new();
    let mut blank = false;
    for line in &lines {
        let line = line.trim_end();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

pub(super) fn push_blocks(blocks: &[Block], list_depth: usize, lines: &mut Vec<String>) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        push_block(block, list_depth, lines);
    }
}

pub(super) fn push_block(block: &Block, list_depth: usize, lines: &mut Vec<String>) {
    match block {
        Block::Para(text) => lines.push(text.clone()),
        Block::Heading(level, text) => lines.push(format!("{} {text}", "#".repeat(*level))),
        Block::Code { lang, text } => {
            let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
            lines.push(format!("{fence}{lang}"));
            lines.extend(text.lines().map(str::to_string));
            lines.push(fence);
        }
        Block::Quote(inner) => {
            let mut sub = Vec::new();
            push_blocks(inner, list_depth, &mut sub);
            lines.extend(sub.into_iter().map(|l| if l.is_empty() { ">".to_string() } else { format!("> {l}") }));
        }
        Block::Table(rows) => {
            let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
            let row_line = |row: &[String]| {
                let cells: Vec<&str> = (0..columns).map(|i| row.get(i).map_or("", String::as_str)).collect();
                format!("| {} |", cells.join(" | "))
            };
            for (i, row) in rows.iter().enumerate() {
                lines.push(row_line(row));
                if i == 0 {
                    lines.push(format!("|{}", " --- |".repeat(columns)));
                }
            }
        }
        Block::Rule => lines.push("---".to_string()),
        Block::List { ordered, start, items } => push_list(*ordered, *start, items, list_depth, lines),
    }
}

/// A list. Item content is indented by its marker's width; to keep every line outside code
/// fences indented by fewer than four spaces (which would read as an indented code block), the
/// items of nested lists, and of ordered lists numbered past 9, are flattened to one line.
pub(super) fn push_list(ordered: bool, start: u64, items: &[Vec<Block>], list_depth: usize, lines: &mut Vec<String>) {
    let last = start.saturating_add(items.len() as u64).saturating_sub(1);
    let flat = list_depth > 0 || (ordered && last > 9);
    // A list whose items are a paragraph (and sub-lists) is written tight, as the page shows it.
    let tight = flat
        || items.iter().all(|item| {
            matches!(item.first(), Some(Block::Para(_))) && item[1..].iter().all(|b| matches!(b, Block::List { .. }))
        });
    let mut first = true;
    for (k, item) in items.iter().enumerate() {
        let marker = if ordered { format!("{}.", start.saturating_add(k as u64)) } else { "-".to_string() };
        let mut sub = Vec::new();
        if flat {
            let text = flatten(item, false);
            if !text.is_empty() {
                sub.push(text);
            }
        } else if tight {
            for block in item {
                push_block(block, list_depth + 1, &mut sub);
            }
        } else {
            push_blocks(item, list_depth + 1, &mut sub);
        }
        if sub.is_empty() {
            continue;
        }
        if !first && !tight {
            lines.push(String::new());
        }
        first = false;
        let indent = " ".repeat(marker.len() + 1);
        for (j, line) in sub.into_iter().enumerate() {
            lines.push(match (j, line.is_empty()) {
                (0, _) => format!("{marker} {line}"),
                (_, true) => line,
                (_, false) => format!("{indent}{line}"),
            });
        }
    }
}
