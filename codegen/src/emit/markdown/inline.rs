//! Inline content: words escaped for rustdoc, emphasis that CommonMark will read as emphasis,
//! code spans and links.

use super::*;

/// Adds text outside code: words and spaces, and bare URLs as links (rustdoc warns about bare
/// URLs; a link to itself reads the same).
pub(super) fn push_text(text: &str, link_urls: bool, segs: &mut Vec<Seg>) {
    let mut rest = text;
    while link_urls && let Some((start, end)) = find_url(rest) {
        push_words(&rest[..start], segs);
        let url = &rest[start..end];
        match external_url(url, "") {
            Some(target) => {
                let mut inner = Vec::new();
                push_words(url, &mut inner);
                segs.push(Seg::Link(target, inner));
            }
            None => push_words(url, segs),
        }
        rest = &rest[end..];
    }
    push_words(rest, segs);
}

pub(super) fn push_words(text: &str, segs: &mut Vec<Seg>) {
    let mut word_start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(start) = word_start.take() {
                segs.push(Seg::Text(escape_word(&text[start..i])));
            }
            segs.push(Seg::Space);
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(start) = word_start {
        segs.push(Seg::Text(escape_word(&text[start..])));
    }
}

/// Escapes one word (no whitespace) of text. `_` is left alone between letters or digits, where
/// CommonMark never reads it as emphasis, so identifiers stay readable in the source.
pub(super) fn escape_word(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '_' => {
                let mut end = i;
                while chars.get(end) == Some(&'_') {
                    end += 1;
                }
                let before = i.checked_sub(1).and_then(|k| chars.get(k)).is_some_and(|c| c.is_alphanumeric());
                let after = chars.get(end).is_some_and(|c| c.is_alphanumeric());
                let escaped = if before && after { "_" } else { "\\_" };
                for _ in i..end {
                    out.push_str(escaped);
                }
                i = end;
                continue;
            }
            '\\' | '`' | '*' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// The first bare `http(s)://` URL in `text`, as a byte range, without the sentence punctuation
/// after it.
pub(super) fn find_url(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while from < text.len() {
        let rest = &text[from..];
        let start = from + [rest.find("http://"), rest.find("https://")].into_iter().flatten().min()?;
        let tail = &text[start..];
        let stop = |c: char| {
            c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '[' | ']' | '{' | '}' | '|' | '\\' | '^')
        };
        let mut end = start + tail.find(stop).unwrap_or(tail.len());
        loop {
            let url = &text[start..end];
            match url.chars().next_back() {
                Some('.' | ',' | ';' | ':' | '!' | '?' | '*' | '_') => end -= 1,
                Some(')') if url.matches('(').count() < url.matches(')').count() => end -= 1,
                _ => break,
            }
        }
        let scheme = if tail.starts_with("https://") { 8 } else { 7 };
        if end > start + scheme {
            return Some((start, end));
        }
        from = start + scheme;
    }
    None
}

/// Emphasis with `delim` needs no inner emphasis of the same kind (`<dt><b>X</b></dt>`).
pub(super) fn unwrap_same(delim: &str, segs: Vec<Seg>) -> Vec<Seg> {
    let mut out = Vec::with_capacity(segs.len());
    for seg in segs {
        match seg {
            Seg::Emph(d, inner) if d == delim => out.extend(unwrap_same(delim, inner)),
            Seg::Emph(d, inner) => out.push(Seg::Emph(d, unwrap_same(delim, inner))),
            Seg::Link(target, inner) => out.push(Seg::Link(target, unwrap_same(delim, inner))),
            other => out.push(other),
        }
    }
    out
}

/// Folds spaces, moves spaces at the edges of emphasis and links outside them (`** x**` is not
/// emphasis), drops empty emphasis, and merges what would otherwise touch: adjacent code spans
/// (`` `a``b` `` is one span) and adjacent emphasis of one kind (`**a****b**`). Returns the
/// segments and whether the input started and ended with a space.
pub(super) fn normalize(segs: Vec<Seg>) -> (Vec<Seg>, bool, bool) {
    fn space(out: &mut Vec<Seg>, lead: &mut bool) {
        if out.is_empty() {
            *lead = true;
        } else if !matches!(out.last(), Some(Seg::Space)) {
            out.push(Seg::Space);
        }
    }
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    let mut lead = false;
    for seg in segs {
        match seg {
            Seg::Space => space(&mut out, &mut lead),
            Seg::Text(t) => {
                if !t.is_empty() {
                    out.push(Seg::Text(t));
                }
            }
            Seg::Code(code) => {
                if code.trim().is_empty() {
                    if !code.is_empty() {
                        space(&mut out, &mut lead);
                    }
                    continue;
                }
                if code.starts_with(char::is_whitespace) {
                    space(&mut out, &mut lead);
                }
                let trailing = code.ends_with(char::is_whitespace);
                match out.last_mut() {
                    Some(Seg::Code(prev)) => prev.push_str(code.trim()),
                    _ => out.push(Seg::Code(code.trim().to_string())),
                }
                if trailing {
                    space(&mut out, &mut lead);
                }
            }
            Seg::Emph(delim, inner) => {
                let (inner, l, t) = normalize(unwrap_same(delim, inner));
                if l {
                    space(&mut out, &mut lead);
                }
                if !inner.is_empty() {
                    match out.last_mut() {
                        Some(Seg::Emph(d, prev)) if *d == delim => {
                            prev.extend(inner);
                            *prev = merge_code(std::mem::take(prev));
                        }
                        _ => out.push(Seg::Emph(delim, inner)),
                    }
                }
                if t {
                    space(&mut out, &mut lead);
                }
            }
            Seg::Link(target, inner) => {
                let (inner, l, t) = normalize(inner);
                if l {
                    space(&mut out, &mut lead);
                }
                out.push(Seg::Link(target, inner));
                if t {
                    space(&mut out, &mut lead);
                }
            }
        }
    }
    let trail = matches!(out.last(), Some(Seg::Space));
    if trail {
        out.pop();
    }
    (out, lead, trail)
}

/// Joins directly adjacent code segments.
pub(super) fn merge_code(segs: Vec<Seg>) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    for seg in segs {
        match (out.last_mut(), seg) {
            (Some(Seg::Code(prev)), Seg::Code(code)) => prev.push_str(&code),
            (_, seg) => out.push(seg),
        }
    }
    out
}

pub(super) enum Piece {
    Space,
    Plain(String),
    Emph(&'static str, String),
}

/// Inline segments as one line of markdown.
pub(super) fn render_inline(segs: Vec<Seg>, in_table: bool) -> String {
    render_normalized(normalize(segs).0, in_table)
}

pub(super) fn render_normalized(segs: Vec<Seg>, in_table: bool) -> String {
    let mut pieces = Vec::with_capacity(segs.len());
    for seg in segs {
        match seg {
            Seg::Space => pieces.push(Piece::Space),
            Seg::Text(t) => pieces.push(Piece::Plain(t)),
            Seg::Code(code) => {
                let span = code_span(&code, in_table);
                if !span.is_empty() {
                    pieces.push(Piece::Plain(span));
                }
            }
            Seg::Emph(delim, inner) => {
                let text = render_normalized(inner, in_table);
                if !text.is_empty() {
                    pieces.push(Piece::Emph(delim, text));
                }
            }
            Seg::Link(target, inner) => {
                let mut text = render_normalized(inner, in_table);
                if text.is_empty() {
                    let mut words = Vec::new();
                    push_words(last_segment(&target), &mut words);
                    text = render_inline(words, in_table);
                }
                // rustdoc's `redundant_explicit_links`: a label that is a module item's own name
                // resolves by itself (the generated modules import the crate root). A member
                // (`crate::m::IFoo_Vtbl::Method`) is not in scope by its name.
                let label: String = text.chars().filter(|c| !matches!(c, '`' | '\\')).collect();
                let module_item = target.starts_with("crate::") && target.matches("::").count() == 2;
                if module_item && label == last_segment(&target) {
                    pieces.push(Piece::Plain(format!("[{text}]")));
                } else {
                    pieces.push(Piece::Plain(format!("[{text}]({target})")));
                }
            }
        }
    }
    join(&pieces)
}

/// Joins pieces, writing emphasis delimiters only where CommonMark reads them as emphasis: a
/// delimiter run between a letter and punctuation neither opens nor closes (`a**(b)**c`), and
/// runs of two emphases would merge (`**a***b*`). There the text is written without emphasis.
pub(super) fn join(pieces: &[Piece]) -> String {
    let word = |c: char| c.is_alphanumeric();
    let punct = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
    let mut out = String::new();
    let mut space = false;
    let mut after_delim = false;
    for (i, piece) in pieces.iter().enumerate() {
        let text = match piece {
            Piece::Space => {
                space = !out.is_empty();
                continue;
            }
            Piece::Plain(text) | Piece::Emph(_, text) => text,
        };
        // Backticks that touch would merge into one run and change where code spans end.
        if space || (out.ends_with('`') && text.starts_with('`')) {
            out.push(' ');
            space = false;
            after_delim = false;
        }
        if let Piece::Emph(delim, _) = piece {
            let prev = out.chars().next_back();
            let next = match pieces.get(i + 1) {
                Some(Piece::Plain(s) | Piece::Emph(_, s)) => s.chars().next(),
                _ => None,
            };
            let glued_open = text.starts_with(punct) && prev.is_some_and(word);
            let glued_close = text.ends_with(punct) && next.is_some_and(word);
            if !after_delim && !glued_open && !glued_close {
                out.push_str(delim);
                out.push_str(text);
                out.push_str(delim);
                after_delim = true;
                continue;
            }
        }
        out.push_str(text);
        after_delim = false;
    }
    out
}

/// A code span for `code` (whitespace folded), with a backtick fence longer than any run inside.
pub(super) fn code_span(code: &str, in_table: bool) -> String {
    let folded = code.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return folded;
    }
    // In a table a `|` ends the cell even inside a code span; GFM unescapes `\|` there.
    let body = if in_table { folded.replace('|', "\\|") } else { folded };
    let fence = "`".repeat(longest_run(&body, '`') + 1);
    let pad = if body.starts_with('`') || body.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{body}{pad}{fence}")
}

pub(super) fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// The last path segment of a link target, for links without text.
pub(super) fn last_segment(target: &str) -> &str {
    let path = target.split(['#', '?']).next().unwrap_or(target);
    let segment = if path.contains("://") || path.starts_with("mailto:") {
        path.rsplit('/').find(|s| !s.is_empty() && !s.ends_with(':'))
    } else {
        path.rsplit("::").find(|s| !s.is_empty())
    };
    segment.unwrap_or(target)
}

/// Escapes what would make a paragraph line start a heading, list or thematic break. Other
/// block starts are escaped everywhere already (`>`, `*`, `` ` ``, `<`, `[`, `|`, `~`).
pub(super) fn escape_line_start(text: String) -> String {
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(b'#' | b'-' | b'+' | b'=') => format!("\\{text}"),
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let marker = matches!(bytes.get(digits), Some(b'.' | b')'));
            let ends = bytes.get(digits + 1).is_none_or(|b| *b == b' ');
            if digits <= 9 && marker && ends { format!("{}\\{}", &text[..digits], &text[digits..]) } else { text }
        }
        _ => text,
    }
}

/// A heading's trailing `#` would be read as a closing sequence.
pub(super) fn escape_heading_end(text: String) -> String {
    match text.strip_suffix('#') {
        Some(head) => format!("{head}\\#"),
        None => text,
    }
}
