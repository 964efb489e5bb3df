//! An accessibility checker for the PDFs we write, reading them back with
//! lopdf: the PDF/UA-1 rules (as krilla's validator applied them) that
//! concern what `readiness` draws, plus read-back checks of the tag tree.
//!
//! [`check`] returns every problem found, as sentences; an empty list
//! means the file passed. [`Facts`] are what the checks saw, for tests
//! that compare two files (the krilla and pdf-writer backends).

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// What the checker saw of a file.
#[derive(Debug, Default, PartialEq)]
pub struct Facts {
    /// The structure tree in reading order: one line per element, its
    /// role indented by depth, with its title or alt text.
    pub tree: Vec<String>,
    /// Marked-content ids in struct-tree order, as (page, mcid).
    pub order: Vec<(usize, i64)>,
    /// Number of link annotations.
    pub links: usize,
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).map(|(_, o)| o).unwrap_or(obj)
}

fn dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    deref(doc, obj).as_dict().ok()
}

fn name(d: &Dictionary, key: &[u8]) -> Option<String> {
    d.get(key)
        .ok()
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

fn text(d: &Dictionary, key: &[u8]) -> Option<String> {
    d.get(key)
        .ok()
        .and_then(|o| lopdf::decode_text_string(o).ok())
}

fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// The codes a ToUnicode CMap maps (bfchar and bfrange), with their text.
fn cmap(data: &[u8]) -> BTreeMap<u32, String> {
    let text = String::from_utf8_lossy(data);
    let hex = |s: &str| u32::from_str_radix(s.trim_matches(['<', '>']), 16).ok();
    let utf16 = |s: &str| {
        let s = s.trim_matches(['<', '>']);
        let units: Vec<u16> = (0..s.len() / 4)
            .filter_map(|i| u16::from_str_radix(&s[i * 4..i * 4 + 4], 16).ok())
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut map = BTreeMap::new();
    let mut mode = "";
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if line.contains("beginbfchar") {
            mode = "char";
        } else if line.contains("beginbfrange") {
            mode = "range";
        } else if line.contains("endbf") {
            mode = "";
        } else if mode == "char" && words.len() >= 2 {
            // Several pairs may share a line.
            for pair in words.chunks(2) {
                if let (Some(code), Some(dst)) = (hex(pair[0]), pair.get(1)) {
                    map.insert(code, utf16(dst));
                }
            }
        } else if mode == "range"
            && words.len() >= 3
            && let (Some(a), Some(b)) = (hex(words[0]), hex(words[1]))
        {
            let first = utf16(words[2]);
            let base = first.chars().last().map_or(0, |c| c as u32);
            for (i, code) in (a..=b).enumerate() {
                let c = char::from_u32(base + i as u32).unwrap_or('\u{FFFD}');
                map.insert(code, c.to_string());
            }
        }
    }
    map
}

/// Checks `pdf`; returns the facts and every problem found.
pub fn check(pdf: &[u8]) -> (Facts, Vec<String>) {
    let mut problems = Vec::new();
    let mut facts = Facts::default();
    let doc = match Document::load_mem(pdf) {
        Ok(doc) => doc,
        Err(e) => return (facts, vec![format!("lopdf cannot read the file: {e}")]),
    };
    let Ok(catalog) = doc.catalog() else {
        return (facts, vec!["no catalog".into()]);
    };

    // Document-level rules.
    if text(catalog, b"Lang").is_none_or(|l| l.trim().is_empty()) {
        problems.push("the catalog has no /Lang".into());
    }
    let display_title = catalog
        .get(b"ViewerPreferences")
        .ok()
        .and_then(|o| dict(&doc, o))
        .and_then(|v| v.get(b"DisplayDocTitle").ok())
        .and_then(|o| o.as_bool().ok());
    if display_title != Some(true) {
        problems.push("ViewerPreferences /DisplayDocTitle is not true".into());
    }
    let xmp = catalog
        .get(b"Metadata")
        .ok()
        .map(|o| deref(&doc, o))
        .and_then(|o| o.as_stream().ok())
        .and_then(|s| {
            s.decompressed_content()
                .ok()
                .or_else(|| Some(s.content.clone()))
        })
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    if !xmp.contains("<dc:title>") {
        problems.push("the XMP metadata has no dc:title".into());
    }
    let marked = catalog
        .get(b"MarkInfo")
        .ok()
        .and_then(|o| dict(&doc, o))
        .and_then(|m| m.get(b"Marked").ok())
        .and_then(|o| o.as_bool().ok());
    if marked != Some(true) {
        problems.push("MarkInfo /Marked is not true".into());
    }

    // Pages: fonts, marked content, annotations.
    let pages = doc.get_pages();
    let page_ids: Vec<ObjectId> = pages.values().copied().collect();
    let page_index: BTreeMap<ObjectId, usize> = page_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let mut content_mcids: Vec<Vec<i64>> = vec![Vec::new(); page_ids.len()];
    let mut struct_parents: Vec<Option<i64>> = vec![None; page_ids.len()];
    let mut annots: Vec<(usize, ObjectId, Option<i64>)> = Vec::new();
    let mut cmaps: BTreeMap<Vec<u8>, BTreeMap<u32, String>> = BTreeMap::new();
    for (index, &page_id) in page_ids.iter().enumerate() {
        let page = doc.get_dictionary(page_id).expect("page dictionary");
        struct_parents[index] = page
            .get(b"StructParents")
            .ok()
            .and_then(|o| o.as_i64().ok());
        // The page's fonts and their ToUnicode maps.
        let fonts = doc.get_page_fonts(page_id).unwrap_or_default();
        let mut font_maps: BTreeMap<Vec<u8>, Option<BTreeMap<u32, String>>> = BTreeMap::new();
        for (res_name, font) in &fonts {
            let map = font
                .get(b"ToUnicode")
                .ok()
                .and_then(|o| deref(&doc, o).as_stream().ok())
                .and_then(|s| {
                    s.decompressed_content()
                        .ok()
                        .or_else(|| Some(s.content.clone()))
                })
                .map(|data| {
                    cmaps
                        .entry(data.clone())
                        .or_insert_with(|| cmap(&data))
                        .clone()
                });
            if map.is_none() {
                problems.push(format!(
                    "page {}: font {} has no ToUnicode CMap",
                    index + 1,
                    String::from_utf8_lossy(res_name)
                ));
            }
            font_maps.insert(res_name.clone(), map);
        }
        let data = doc.get_page_content(page_id);
        let Ok(content) = Content::decode(&data) else {
            problems.push(format!("page {}: content does not parse", index + 1));
            continue;
        };
        // Marked-content stack: true where the entry is an artifact or
        // carries an MCID.
        let mut stack: Vec<bool> = Vec::new();
        let mut font: Option<Vec<u8>> = None;
        let mut actual_text_depth: Option<usize> = None;
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let tag = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .unwrap_or(b"");
                    let props = op.operands.get(1).and_then(|o| dict(&doc, o));
                    let mcid = props
                        .and_then(|p| p.get(b"MCID").ok())
                        .and_then(|o| o.as_i64().ok());
                    if let Some(m) = mcid {
                        content_mcids[index].push(m);
                    }
                    if props.is_some_and(|p| p.has(b"ActualText")) && actual_text_depth.is_none() {
                        actual_text_depth = Some(stack.len());
                    }
                    stack.push(tag == b"Artifact" || mcid.is_some());
                }
                "EMC" => {
                    stack.pop();
                    if actual_text_depth == Some(stack.len()) {
                        actual_text_depth = None;
                    }
                }
                "Tf" => {
                    font = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .map(<[u8]>::to_vec);
                }
                "Tj" | "TJ" | "'" | "\"" | "f" | "F" | "f*" | "S" | "s" | "B" | "B*" | "b"
                | "b*" => {
                    if !stack.iter().any(|&m| m) {
                        problems.push(format!(
                            "page {}: `{}` outside any tagged content or artifact",
                            index + 1,
                            op.operator
                        ));
                    }
                    if !op.operator.starts_with(['T', '\'', '"']) {
                        continue;
                    }
                    let map = font
                        .as_ref()
                        .and_then(|f| font_maps.get(f))
                        .and_then(|m| m.as_ref());
                    let Some(map) = map else { continue };
                    let mut strings = Vec::new();
                    for o in &op.operands {
                        match o {
                            Object::String(s, _) => strings.push(s.clone()),
                            Object::Array(items) => strings.extend(
                                items
                                    .iter()
                                    .filter_map(|i| i.as_str().ok().map(<[u8]>::to_vec)),
                            ),
                            _ => {}
                        }
                    }
                    for s in strings {
                        for code in s.chunks(2) {
                            let code = code.iter().fold(0u32, |a, b| a << 8 | u32::from(*b));
                            match map.get(&code) {
                                None if actual_text_depth.is_none() => problems.push(format!(
                                    "page {}: glyph code {code:04X} has no Unicode mapping",
                                    index + 1
                                )),
                                Some(t) if t.chars().any(|c| is_private_use(c) || matches!(c, '\0' | '\u{FEFF}' | '\u{FFFE}')) => {
                                    problems.push(format!(
                                        "page {}: glyph code {code:04X} maps to a private-use or invalid character",
                                        index + 1
                                    ))
                                }
                                _ => {}
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let unique: BTreeSet<i64> = content_mcids[index].iter().copied().collect();
        if unique.len() != content_mcids[index].len() {
            problems.push(format!("page {}: an MCID appears twice", index + 1));
        }
        for a in page
            .get(b"Annots")
            .ok()
            .and_then(|o| deref(&doc, o).as_array().ok())
            .into_iter()
            .flatten()
        {
            let Ok(id) = a.as_reference() else { continue };
            let Ok(ad) = doc.get_dictionary(id) else {
                continue;
            };
            if name(ad, b"Subtype").as_deref() != Some("Link") {
                continue;
            }
            facts.links += 1;
            if text(ad, b"Contents").is_none_or(|c| c.trim().is_empty()) {
                problems.push(format!(
                    "page {}: link annotation {id:?} has no /Contents",
                    index + 1
                ));
            }
            let sp = ad.get(b"StructParent").ok().and_then(|o| o.as_i64().ok());
            if sp.is_none() {
                problems.push(format!(
                    "page {}: link annotation {id:?} has no /StructParent",
                    index + 1
                ));
            }
            annots.push((index, id, sp));
        }
    }

    // The structure tree.
    let Some(root) = catalog
        .get(b"StructTreeRoot")
        .ok()
        .and_then(|o| dict(&doc, o))
    else {
        problems.push("no StructTreeRoot".into());
        return (facts, problems);
    };
    // ParentTree: key → value (an array of element refs, or one ref).
    let mut parent_tree: BTreeMap<i64, Object> = BTreeMap::new();
    let mut nodes = vec![
        root.get(b"ParentTree")
            .ok()
            .map(|o| deref(&doc, o))
            .cloned(),
    ];
    while let Some(Some(node)) = nodes.pop() {
        let Ok(nd) = node.as_dict() else { continue };
        if let Ok(nums) = nd.get(b"Nums").and_then(Object::as_array) {
            for pair in nums.chunks(2) {
                if let (Ok(k), Some(v)) = (pair[0].as_i64(), pair.get(1)) {
                    parent_tree.insert(k, v.clone());
                }
            }
        }
        if let Ok(kids) = nd.get(b"Kids").and_then(Object::as_array) {
            nodes.extend(kids.iter().map(|k| Some(deref(&doc, k).clone())));
        }
    }
    // Walk the elements in reading order (iteratively: nesting is deep).
    let mut seen_mcids: BTreeMap<(usize, i64), ObjectId> = BTreeMap::new();
    let mut seen_annots: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
    let mut last_heading = 0u32;
    let mut stack: Vec<(Object, usize)> = match root.get(b"K") {
        Ok(Object::Array(a)) => a.iter().rev().map(|k| (k.clone(), 0)).collect(),
        Ok(k) => vec![(k.clone(), 0)],
        Err(_) => Vec::new(),
    };
    let mut tables: Vec<(ObjectId, bool)> = Vec::new();
    while let Some((kid, depth)) = stack.pop() {
        let Ok(id) = kid.as_reference() else { continue };
        let Ok(el) = doc.get_dictionary(id) else {
            continue;
        };
        let role = name(el, b"S").unwrap_or_default();
        let label = text(el, b"T")
            .or_else(|| text(el, b"Alt"))
            .unwrap_or_default();
        facts.tree.push(
            format!("{}{role} {label}", "  ".repeat(depth))
                .trim_end()
                .to_owned(),
        );
        if let Some(level) = role.strip_prefix('H').and_then(|n| n.parse::<u32>().ok()) {
            if level > last_heading + 1 {
                problems.push(format!(
                    "heading H{level} follows H{last_heading}: a level is skipped"
                ));
            }
            last_heading = level;
        }
        if role == "Figure" && text(el, b"Alt").is_none_or(|a| a.trim().is_empty()) {
            problems.push(format!("Figure {id:?} has no alt text"));
        }
        if role == "Table" {
            tables.push((id, false));
        }
        if role == "TH" {
            if let Some(t) = tables.last_mut() {
                t.1 = true;
            }
            let scope = el
                .get(b"A")
                .ok()
                .map(|a| deref(&doc, a))
                .map(|a| match a {
                    Object::Array(items) => items
                        .iter()
                        .filter_map(|i| dict(&doc, i))
                        .any(|d| d.has(b"Scope")),
                    other => other.as_dict().is_ok_and(|d| d.has(b"Scope")),
                })
                .unwrap_or(false);
            if !scope {
                problems.push(format!("TH {id:?} has no /Scope"));
            }
        }
        let pg = el
            .get(b"Pg")
            .ok()
            .and_then(|o| o.as_reference().ok())
            .and_then(|p| page_index.get(&p).copied());
        let kids: Vec<Object> = match el.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(k) => vec![k.clone()],
            Err(_) => Vec::new(),
        };
        let mut children = Vec::new();
        for k in kids {
            match &k {
                Object::Integer(m) => match pg {
                    Some(p) => {
                        facts.order.push((p, *m));
                        if seen_mcids.insert((p, *m), id).is_some() {
                            problems
                                .push(format!("MCID {m} of page {} is in the tree twice", p + 1));
                        }
                    }
                    None => problems.push(format!("element {id:?} has an MCID but no /Pg")),
                },
                Object::Reference(r) => {
                    let Ok(d) = doc.get_dictionary(*r) else {
                        continue;
                    };
                    match name(d, b"Type").as_deref() {
                        Some("MCR") => {
                            let p = d
                                .get(b"Pg")
                                .ok()
                                .and_then(|o| o.as_reference().ok())
                                .and_then(|p| page_index.get(&p).copied())
                                .or(pg);
                            let m = d.get(b"MCID").ok().and_then(|o| o.as_i64().ok());
                            if let (Some(p), Some(m)) = (p, m) {
                                facts.order.push((p, m));
                                seen_mcids.insert((p, m), id);
                            }
                        }
                        Some("OBJR") => {
                            if let Ok(obj) = d.get(b"Obj").and_then(Object::as_reference) {
                                seen_annots.insert(obj, id);
                            }
                        }
                        _ => children.push(k.clone()),
                    }
                }
                Object::Dictionary(d) => match name(d, b"Type").as_deref() {
                    Some("MCR") => {
                        let p = d
                            .get(b"Pg")
                            .ok()
                            .and_then(|o| o.as_reference().ok())
                            .and_then(|p| page_index.get(&p).copied())
                            .or(pg);
                        let m = d.get(b"MCID").ok().and_then(|o| o.as_i64().ok());
                        if let (Some(p), Some(m)) = (p, m) {
                            facts.order.push((p, m));
                            if seen_mcids.insert((p, m), id).is_some() {
                                problems.push(format!(
                                    "MCID {m} of page {} is in the tree twice",
                                    p + 1
                                ));
                            }
                        }
                    }
                    Some("OBJR") => {
                        if let Ok(obj) = d.get(b"Obj").and_then(Object::as_reference) {
                            seen_annots.insert(obj, id);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        if role == "Link" && !children.is_empty() {
            // Nested elements inside a link are fine; nothing to check.
        }
        for c in children.into_iter().rev() {
            stack.push((c, depth + 1));
        }
    }
    for (id, has_th) in tables {
        if !has_th {
            problems.push(format!("Table {id:?} has no TH cell"));
        }
    }
    // Every MCID of the content is in the tree, reachable from the
    // ParentTree, and the tree's order is the content order.
    for (page, mcids) in content_mcids.iter().enumerate() {
        let entry = struct_parents[page]
            .and_then(|k| parent_tree.get(&k))
            .map(|o| deref(&doc, o).clone());
        for &m in mcids {
            let Some(&elem) = seen_mcids.get(&(page, m)) else {
                problems.push(format!(
                    "page {}: MCID {m} is not in the structure tree",
                    page + 1
                ));
                continue;
            };
            let via_parent_tree = entry
                .as_ref()
                .and_then(|e| e.as_array().ok())
                .and_then(|a| a.get(m as usize))
                .and_then(|o| o.as_reference().ok());
            if via_parent_tree != Some(elem) {
                problems.push(format!(
                    "page {}: MCID {m} leads through the ParentTree to {via_parent_tree:?}, not its element {elem:?}",
                    page + 1
                ));
            }
        }
    }
    if facts.order.windows(2).any(|w| w[0] >= w[1]) {
        let at = facts
            .order
            .windows(2)
            .position(|w| w[0] >= w[1])
            .unwrap_or(0);
        problems.push(format!(
            "the structure tree's reading order differs from the content order at {:?} → {:?}",
            facts.order[at],
            facts.order[at + 1]
        ));
    }
    for (page, annot, sp) in annots {
        let Some(&elem) = seen_annots.get(&annot) else {
            problems.push(format!(
                "page {}: annotation {annot:?} is not in the structure tree",
                page + 1
            ));
            continue;
        };
        let via = sp
            .and_then(|k| parent_tree.get(&k))
            .and_then(|o| o.as_reference().ok());
        if via != Some(elem) {
            problems.push(format!("page {}: annotation {annot:?} leads through the ParentTree to {via:?}, not {elem:?}", page + 1));
        }
        if doc
            .get_dictionary(elem)
            .ok()
            .and_then(|e| name(e, b"S"))
            .as_deref()
            != Some("Link")
        {
            problems.push(format!(
                "page {}: annotation {annot:?} is not inside a Link element",
                page + 1
            ));
        }
    }
    (facts, problems)
}
