//! Fallback faces: fonts the user gives (`--font PATH`) or the system has
//! (`--system-fonts`), tried in order for characters the DejaVu faces lack
//! (CJK, for instance).
//!
//! A face is read, checked (it parses, its licence lets it be embedded, it
//! can be subset) and kept for the rest of the process: the shaper's faces
//! borrow the font's bytes for `'static`, and a registry keyed by the
//! file's path reads each file once (a collection with all its faces)
//! however many documents use it (the site draws hundreds of weeks). What a document draws with a face
//! decides whether it is embedded: a face never used costs nothing in the
//! PDF.
//!
//! Which faces are used never depends on the machine unless asked: `--font`
//! names files, and `--system-fonts` searches the system's fonts (in a
//! fixed order: upright faces first, nearest the weight wanted, then by
//! path) only for the characters the input holds that no given face
//! covers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Font files larger than this are refused (the largest CJK collections
/// are about 120 MB).
const MAX_FONT_BYTES: u64 = 256 << 20;

/// At most this many fallback faces in one document (a font collection
/// counts each face).
pub const MAX_FACES: usize = 64;

/// A face that draws what the DejaVu faces cannot.
pub struct FallbackFace {
    /// The file it was read from.
    pub path: PathBuf,
    /// Its index in a font collection (`.ttc`), else 0.
    pub index: u32,
    /// The font file's bytes (the whole collection for a `.ttc`).
    pub data: &'static [u8],
    /// The face, parsed once.
    pub face: rustybuzz::Face<'static>,
    /// Whether its outlines are CFF (embedded as CIDFontType0C, not as a
    /// TrueType CIDFont).
    pub cff: bool,
    /// A digest of the file and index, made when first asked (only the
    /// site's manifest records it).
    digest: OnceLock<u64>,
}

impl FallbackFace {
    /// A digest of the face's file and index (what the site's manifest
    /// records): eight bytes at a time, as hashing a 20 MB CJK collection
    /// byte by byte took longer than the rest of a small build.
    pub fn digest(&self) -> u64 {
        *self.digest.get_or_init(|| {
            let mut h = 0xcbf2_9ce4_8422_2325u64 ^ u64::from(self.index);
            for chunk in self.data.chunks(8) {
                let mut word = [0u8; 8];
                word[..chunk.len()].copy_from_slice(chunk);
                h = (h.rotate_left(5) ^ u64::from_le_bytes(word))
                    .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
            }
            h ^ self.data.len() as u64
        })
    }
}

impl std::fmt::Debug for FallbackFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.path.display(), self.index)
    }
}

/// The fallback faces of a document, in the order they are tried.
#[derive(Debug, Clone, Default)]
pub struct Fallbacks(Arc<[&'static FallbackFace]>);

impl Fallbacks {
    /// The faces, in order.
    pub fn faces(&self) -> &[&'static FallbackFace] {
        &self.0
    }

    /// Whether any face of the list has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.0.iter().any(|f| f.face.glyph_index(c).is_some())
    }

    /// A digest of the faces and their order (the site's manifest records
    /// it: other fonts draw every week again).
    pub fn digest(&self) -> u64 {
        super::writer::fnv(0, self.0.iter().flat_map(|f| f.digest().to_le_bytes()))
    }
}

/// Which fallback faces a document may use: the files given, and whether
/// the system's fonts are searched for what they lack.
#[derive(Debug, Clone, Default)]
pub struct FontChoice {
    /// The faces of the `--font` files, in the order given.
    pub given: Fallbacks,
    /// `--system-fonts`: for a character no given face covers, the first
    /// system face that does ([`system_face_for`]).
    pub system: bool,
}

impl FontChoice {
    /// Whether a face of the choice draws `c` (the DejaVu faces aside).
    pub fn covers(&self, c: char) -> bool {
        self.given.covers(c) || (self.system && system_face_for(c, false).is_some())
    }

    /// What the site's manifest records of the choice (another choice
    /// draws every week's PDF again).
    pub fn key(&self) -> String {
        match (self.given.faces().is_empty(), self.system) {
            (true, false) => String::new(),
            (_, system) => format!(
                " fonts:{:016x}{}",
                self.given.digest(),
                if system { "+system" } else { "" }
            ),
        }
    }
}

/// Why a font could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// The file could not be read.
    #[error("cannot read font `{}`: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a font this tool can embed.
    #[error("font `{}`{}: {reason}", path.display(), face_label(*index))]
    Unusable {
        /// The file.
        path: PathBuf,
        /// The face in a collection, when the file is one.
        index: Option<u32>,
        /// What is wrong with it.
        reason: String,
    },
    /// A folder holds no font files.
    #[error("no font files (.ttf, .otf, .ttc, .otc) in `{}`", path.display())]
    EmptyFolder {
        /// The folder.
        path: PathBuf,
    },
    /// More faces than a document may use.
    #[error(
        "more than {MAX_FACES} fallback faces given (a collection counts each of its faces); name the files wanted"
    )]
    TooMany,
}

impl From<FontError> for crate::diag::Diagnostic {
    /// The problem as a diagnostic of the run, so that it is reported with
    /// the input's problems.
    fn from(e: FontError) -> Self {
        use crate::diag::{Diagnostic, Kind};
        let font = |reason: String| Kind::Font { reason };
        match e {
            FontError::Read { path, source } => {
                Diagnostic::in_file(&path, font(format!("cannot read it: {source}")))
            }
            FontError::Unusable {
                path,
                index,
                reason,
            } => Diagnostic::in_file(&path, font(format!("{}{reason}", face_prefix(index)))),
            FontError::EmptyFolder { path } => Diagnostic::in_file(
                &path,
                font("the folder holds no font files (.ttf, .otf, .ttc, .otc)".to_owned()),
            ),
            FontError::TooMany => Diagnostic::general(font(format!(
                "more than {MAX_FACES} faces given (a collection counts each of its faces)"
            )))
            .with_hint("name the font files wanted rather than a folder of many"),
        }
    }
}

fn face_prefix(index: Option<u32>) -> String {
    index.map(|i| format!("face {i}: ")).unwrap_or_default()
}

fn face_label(index: Option<u32>) -> String {
    index.map(|i| format!(" (face {i})")).unwrap_or_default()
}

/// Loads the faces of the `--font` paths, in order: a file gives its face
/// (every face of a collection), a folder every font file in it (sorted by
/// path). Every problem is an error: a font asked for and left out would
/// be a silent box in the PDF.
pub fn load_fonts(paths: &[PathBuf]) -> Result<Fallbacks, Vec<FontError>> {
    let mut faces = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let files = if path.is_dir() {
            let files = font_files_in(path);
            if files.is_empty() {
                errors.push(FontError::EmptyFolder { path: path.clone() });
            }
            files
        } else {
            vec![path.clone()]
        };
        for file in files {
            match load_file(&file) {
                Ok(loaded) => faces.extend(loaded),
                Err(e) => errors.push(e),
            }
            // Stop reading at once: `--font /usr/share/fonts` would
            // otherwise read every font on the machine first.
            if faces.len() > MAX_FACES {
                errors.push(FontError::TooMany);
                return Err(errors);
            }
        }
    }
    if errors.is_empty() {
        Ok(Fallbacks(faces.into()))
    } else {
        Err(errors)
    }
}

fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str()))
}

fn font_files_in(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .max_depth(8)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_font_file(e.path()))
        .map(|e| e.into_path())
        .collect()
}

/// Every font file read, by path: its faces, or why it cannot be used
/// (the face and the reason). Each file is read once per process, even
/// one that cannot be used (`--system-fonts` asks about many characters).
type Registry = BTreeMap<PathBuf, Result<Vec<&'static FallbackFace>, (Option<u32>, String)>>;

fn registry() -> &'static Mutex<Registry> {
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

/// The faces of one font file (all faces of a collection), loaded once.
/// Loading happens under the registry's lock, so two documents drawn at
/// once never read (and keep) one file twice.
fn load_file(path: &Path) -> Result<Vec<&'static FallbackFace>, FontError> {
    let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let unusable = |(index, reason): (Option<u32>, String)| FontError::Unusable {
        path: path.to_path_buf(),
        index,
        reason,
    };
    // A poisoned lock only means another thread panicked while loading:
    // the map itself is still whole.
    let mut registry = registry()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = registry.get(&key) {
        return known.clone().map_err(unusable);
    }
    let read_error = |source| FontError::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    let loaded = if size > MAX_FONT_BYTES {
        Err((
            None,
            format!(
                "{size} bytes; font files over {} MiB are refused",
                MAX_FONT_BYTES >> 20
            ),
        ))
    } else {
        let bytes = std::fs::read(path).map_err(read_error)?;
        faces_of(path, bytes)
    };
    registry.insert(key, loaded.clone());
    loaded.map_err(unusable)
}

/// Checks every face of a font file and keeps the good file's bytes and
/// faces for the process.
fn faces_of(
    path: &Path,
    bytes: Vec<u8>,
) -> Result<Vec<&'static FallbackFace>, (Option<u32>, String)> {
    let count = rustybuzz::ttf_parser::fonts_in_collection(&bytes);
    // A collection's header says how many faces it holds: trusted, a
    // 12-byte file could ask for four billion. Refused before anything is
    // allocated for them.
    if let Some(n) = count {
        let table_end = 12u64 + 4 * u64::from(n);
        if n == 0 || n as usize > MAX_FACES || table_end > bytes.len() as u64 {
            return Err((
                None,
                format!(
                    "a font collection whose header lists {n} faces (from 1 to {MAX_FACES}, each with an offset in the file, are supported)"
                ),
            ));
        }
    }
    let label = |i: u32| count.map(|_| i);
    let indices: Vec<u32> = (0..count.unwrap_or(1)).collect();
    // Checked before the bytes are kept for the process.
    for &index in &indices {
        check_face(&bytes, index).map_err(|reason| (label(index), reason))?;
    }
    let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let faces = indices
        .into_iter()
        .filter_map(|index| {
            let face = rustybuzz::Face::from_slice(data, index)?;
            let cff = face.tables().cff.is_some();
            Some(&*Box::leak(Box::new(FallbackFace {
                path: path.to_path_buf(),
                index,
                data,
                face,
                cff,
                digest: OnceLock::new(),
            })))
        })
        .collect();
    Ok(faces)
}

/// Why a face cannot be embedded, if it cannot.
fn check_face(data: &[u8], index: u32) -> Result<(), String> {
    let face = rustybuzz::Face::from_slice(data, index)
        .ok_or("not a TrueType or OpenType font (or the face is damaged)")?;
    let tables = face.tables();
    if tables.cmap.is_none() {
        return Err("the font has no character map (cmap)".into());
    }
    if tables.glyf.is_none() && tables.cff.is_none() {
        return Err(if tables.cff2.is_some() {
            "CFF2 outlines (variable OpenType) cannot be embedded; give a static instance of the font".into()
        } else {
            "the font has no TrueType or CFF outlines (bitmap and colour fonts cannot be embedded)"
                .into()
        });
    }
    if face.permissions() == Some(rustybuzz::ttf_parser::Permissions::Restricted) {
        return Err("its licence forbids embedding it (OS/2 fsType: restricted)".into());
    }
    let mut remapper = subsetter::GlyphRemapper::new();
    remapper.remap(0);
    if face.number_of_glyphs() > 1 {
        remapper.remap(1);
    }
    subsetter::subset(data, index, &remapper)
        .map_err(|e| format!("it cannot be subset for embedding ({e:?})"))?;
    Ok(())
}

/// The system's font faces, in the order they are tried: upright faces
/// first, nearest to the weight wanted, then by path and index. The font
/// database lists faces in directory order, which the file system decides;
/// sorted, the choice depends only on which fonts exist.
struct SystemFonts {
    db: fontdb::Database,
    /// For regular text, and for bold.
    order: [Vec<(PathBuf, u32, fontdb::ID)>; 2],
}

fn system_fonts() -> &'static SystemFonts {
    static FONTS: OnceLock<SystemFonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let order = [400, 700].map(|weight| {
            let mut keyed: Vec<((bool, u16, PathBuf, u32), fontdb::ID)> = db
                .faces()
                .filter_map(|f| match &f.source {
                    fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => Some((
                        (
                            f.style != fontdb::Style::Normal,
                            f.weight.0.abs_diff(weight),
                            path.clone(),
                            f.index,
                        ),
                        f.id,
                    )),
                    fontdb::Source::Binary(_) => None,
                })
                .collect();
            keyed.sort_by(|a, b| a.0.cmp(&b.0));
            keyed
                .into_iter()
                .map(|((_, _, path, index), id)| (path, index, id))
                .collect()
        });
        SystemFonts { db, order }
    })
}

/// The first system face that has a glyph for `c` and can be embedded,
/// trying upright faces first, nearest the weight of regular or `bold`
/// text, then by path; the answer is kept for the process, so every
/// document of a run gets the same one whatever the order they ask in.
pub fn system_face_for(c: char, bold: bool) -> Option<&'static FallbackFace> {
    type Answers = BTreeMap<(char, bool), Option<&'static FallbackFace>>;
    static ANSWERS: OnceLock<Mutex<Answers>> = OnceLock::new();
    let answers = ANSWERS.get_or_init(Default::default);
    if let Some(answer) = answers.lock().ok().and_then(|a| a.get(&(c, bold)).copied()) {
        return answer;
    }
    let fonts = system_fonts();
    let answer = fonts.order[usize::from(bold)]
        .iter()
        .find_map(|(path, index, id)| {
            let covers = fonts
                .db
                .with_face_data(*id, |data, i| {
                    rustybuzz::ttf_parser::Face::parse(data, i)
                        .is_ok_and(|face| face.glyph_index(c).is_some())
                })
                .unwrap_or(false);
            // A system font that cannot be embedded is passed over.
            covers
                .then(|| load_file(path).ok())
                .flatten()
                .and_then(|faces| faces.into_iter().find(|f| f.index == *index))
        });
    if let Ok(mut a) = answers.lock() {
        a.insert((c, bold), answer);
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_a_font_is_refused_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.ttf");
        std::fs::write(&path, b"not a font at all").unwrap();
        let errors = load_fonts(std::slice::from_ref(&path)).unwrap_err();
        assert_eq!(errors.len(), 1);
        let message = errors[0].to_string();
        assert!(message.contains("notes.ttf"), "{message}");
        assert!(
            message.contains("not a TrueType or OpenType font"),
            "{message}"
        );
    }

    #[test]
    fn every_missing_font_is_reported() {
        let errors = load_fonts(&[
            PathBuf::from("/nonexistent/a.ttf"),
            PathBuf::from("/nonexistent/b.otf"),
        ])
        .unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors[1].to_string().contains("b.otf"));
    }

    /// A collection's header is not trusted: a 12-byte file asking for
    /// four billion faces once made the program abort allocating them.
    #[test]
    fn a_collection_listing_too_many_faces_is_refused_before_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.ttc");
        std::fs::write(&path, b"ttcf\0\x01\0\0\xff\xff\xff\xff").unwrap();
        let errors = load_fonts(std::slice::from_ref(&path)).unwrap_err();
        let message = errors[0].to_string();
        assert!(
            message.contains("header lists 4294967295 faces"),
            "{message}"
        );
        // The same file asked for again is not read again.
        let again = load_fonts(&[path]).unwrap_err();
        assert_eq!(again[0].to_string(), message);
    }

    #[test]
    fn a_folder_without_fonts_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let errors = load_fonts(&[dir.path().to_path_buf()]).unwrap_err();
        assert!(matches!(errors[0], FontError::EmptyFolder { .. }));
    }

    #[test]
    fn loading_stops_past_the_limit_of_faces() {
        let dejavu = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/DejaVuSansMono.ttf");
        let paths = vec![dejavu; MAX_FACES + 1];
        let errors = load_fonts(&paths).unwrap_err();
        assert!(matches!(errors[..], [FontError::TooMany]), "{errors:?}");
        assert!(load_fonts(&paths[..MAX_FACES]).is_ok());
    }

    #[test]
    fn a_font_is_read_once_per_process() {
        let dejavu = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/DejaVuSansMono.ttf");
        let a = load_fonts(std::slice::from_ref(&dejavu)).unwrap();
        let b = load_fonts(&[dejavu]).unwrap();
        assert!(std::ptr::eq(a.faces()[0], b.faces()[0]));
        assert_eq!(a.digest(), b.digest());
        assert!(a.covers('A') && !a.covers('漢'));
    }
}
