//! The catalog and the document's metadata: the Info dictionary, the XMP
//! packet (with the PDF/A identification), and for PDF/A-2b the sRGB
//! output intent.

use pdf_writer::types::OutputIntentSubtype;
use pdf_writer::{Date, Filter, Finish, Name, Pdf, Ref, TextStr};
use xmp_writer::{LangId, XmpWriter};

use super::super::display::pdf_text;
use super::compress;
use crate::document::Meta;

/// The sRGB ICC profile (v4, 480 bytes) of the PDF/A output intent, from
/// Compact-ICC-Profiles (CC0; `assets/icc/LICENSE`).
static SRGB_ICC: &[u8] = include_bytes!("../../../../assets/icc/sRGB-v4.icc");

/// What the catalog links to.
pub struct Parts<'a> {
    pub meta: &'a Meta,
    pub a2b: bool,
    pub catalog: Ref,
    pub page_tree: Ref,
    pub tree_root: Ref,
    pub outline: Option<Ref>,
    pub info: Ref,
    pub xmp: Ref,
    /// The document ID, 32 hex digits.
    pub id_hex: &'a str,
}

/// The description: the report's subtitle, or a generated one, then the
/// verdicts, so a change-ticket attachment says its decision in its
/// properties.
fn subject(meta: &Meta) -> String {
    let about = meta
        .subtitle
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| {
            format!(
                "Production readiness assessment of {} ({})",
                meta.system, meta.version
            )
        });
    format!(
        "{about}. Deployment decision: {}; overall status: {}; assessed {}.",
        meta.decision.word(),
        meta.status.word(),
        crate::document::wording::long_date(meta.date)
    )
}

/// Writes the catalog, Info, XMP and output intent.
pub fn write(pdf: &mut Pdf, alloc: &mut impl FnMut() -> Ref, parts: &Parts<'_>) {
    let meta = parts.meta;
    let title = pdf_text(&meta.title);
    let author = pdf_text(&meta.assessor);
    let subject = pdf_text(&subject(meta));
    let keywords = meta
        .keywords
        .iter()
        .map(|k| pdf_text(k))
        .collect::<Vec<_>>()
        .join(", ");
    let creator = format!("readiness {}", env!("CARGO_PKG_VERSION"));
    let date = date(meta.date);

    let mut info = pdf.document_info(parts.info);
    info.title(TextStr(&title))
        .author(TextStr(&author))
        .subject(TextStr(&subject))
        .creator(TextStr(&creator))
        .producer(TextStr(&creator));
    if !keywords.is_empty() {
        info.keywords(TextStr(&keywords));
    }
    if let Some((pdf_date, _)) = date {
        info.creation_date(pdf_date);
        info.modified_date(pdf_date);
    }
    info.finish();

    let mut xmp = XmpWriter::new();
    xmp.format("application/pdf");
    xmp.title([(None, title.as_str())]);
    xmp.creator([author.as_str()]);
    xmp.description([(None, subject.as_str())]);
    if !keywords.is_empty() {
        xmp.pdf_keywords(&keywords);
    }
    xmp.creator_tool(&creator);
    xmp.producer(&creator);
    xmp.language([LangId(meta.language)]);
    if let Some((_, xmp_date)) = date {
        xmp.create_date(xmp_date);
        xmp.modify_date(xmp_date);
    }
    let h = parts.id_hex;
    let id = format!(
        "uuid:{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    );
    xmp.document_id(&id);
    xmp.instance_id(&id);
    // The claim of PDF/UA-1: what krilla's validator checked is held by
    // tests/pdf_access.rs (our checker on every fixture, and the tag tree
    // equal to the one krilla validates) and by `pdfua` in CI.
    xmp.pdfua_part(1);
    if parts.a2b {
        // pdfuaid is not among PDF/A-2's predefined schemas: describe it.
        xmp.extension_schemas()
            .pdfua_id()
            .properties()
            .describe_part();
        xmp.pdfa_part(2);
        xmp.pdfa_conformance("B");
    }
    let packet = xmp.finish(None);
    pdf.stream(parts.xmp, packet.as_bytes())
        .pair(Name(b"Type"), Name(b"Metadata"))
        .pair(Name(b"Subtype"), Name(b"XML"));

    let icc = parts.a2b.then(|| {
        let r = alloc();
        let packed = compress(SRGB_ICC, 6);
        pdf.icc_profile(r, &packed)
            .n(3)
            .range([0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
            .filter(Filter::FlateDecode);
        r
    });

    let mut catalog = pdf.catalog(parts.catalog);
    catalog
        .pages(parts.page_tree)
        .lang(TextStr(meta.language))
        .metadata(parts.xmp);
    catalog.pair(Name(b"StructTreeRoot"), parts.tree_root);
    catalog.mark_info().marked(true);
    catalog.viewer_preferences().display_doc_title(true);
    if let Some(outline) = parts.outline {
        catalog.outlines(outline);
    }
    if let Some(icc) = icc {
        catalog
            .output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFA)
            .output_condition_identifier(TextStr("Custom"))
            .output_condition(TextStr("sRGB"))
            .registry_name(TextStr(""))
            .info(TextStr("sRGB v4"))
            .dest_output_profile(icc);
    }
    catalog.finish();
}

/// The assessment date as a PDF and an XMP date (UTC); `None` for a year
/// a PDF date cannot hold.
fn date(date: crate::model::Timestamp) -> Option<(Date, xmp_writer::DateTime)> {
    use chrono::{Datelike, Timelike};
    let t = date.0;
    let year = u16::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
    let (mo, d, h, mi, s) = (
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    );
    let pdf = Date::new(year)
        .month(mo)
        .day(d)
        .hour(h)
        .minute(mi)
        .second(s)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    let xmp = xmp_writer::DateTime {
        year,
        month: Some(mo),
        day: Some(d),
        hour: Some(h),
        minute: Some(mi),
        second: Some(s),
        timezone: Some(xmp_writer::Timezone::Utc),
    };
    Some((pdf, xmp))
}
