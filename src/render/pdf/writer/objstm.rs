//! Object streams: the structure elements (a big report has about 146,000)
//! packed a couple of hundred to a compressed stream instead of written as
//! plain objects, which halves the file of a big report.
//!
//! pdf-writer 0.15 writes neither object streams nor the cross-reference
//! entries that point into them, so both are done here: each element is
//! written compactly into a chunk of its own by pdf-writer, its body taken
//! from the known frame (`N 0 obj\n` … `\nendobj\n`), the bodies packed into
//! `/Type /ObjStm` streams, and the rows pdf-writer's cross-reference stream
//! writes as free for the packed objects rewritten as compressed entries
//! (type 2: the stream and the index in it). Everything else (pages,
//! content, fonts, metadata) stays a plain object.

use pdf_writer::{Chunk, Filter, Name, Ref, Settings};
use rayon::prelude::*;

use super::compress_with;

/// How many objects one object stream holds.
const PER_STREAM: usize = 200;

/// Writing settings of the packed objects: compact (no indentation).
const COMPACT: Settings = Settings { pretty: false };

/// A chunk for one object to pack: compact, and with room for a typical
/// structure element (pdf-writer's default is 1.2 KB).
pub fn chunk_for_one() -> Chunk {
    Chunk::with_settings_and_capacity(COMPACT, 192)
}

/// Where a packed object lives: its number, its stream's number and its
/// index in the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packed {
    pub id: i32,
    pub stream: i32,
    pub index: u16,
}

/// Objects collected for object streams.
#[derive(Default)]
pub struct Packer {
    /// The bodies, each followed by a newline.
    data: Vec<u8>,
    /// Each member's number and where its body starts in `data`.
    members: Vec<(Ref, usize)>,
}

impl Packer {
    /// Takes `one`, a chunk that holds just the non-stream object `id`
    /// written into a [`chunk_for_one`]: its body is packed. A chunk framed in any
    /// other way is written into `plain` as it is (still correct, only not
    /// packed).
    pub fn add(&mut self, id: Ref, one: &Chunk, plain: &mut Chunk) {
        let mut head = itoa::Buffer::new().format(id.get()).as_bytes().to_vec();
        head.extend_from_slice(b" 0 obj\n");
        let body = one
            .as_bytes()
            .strip_prefix(head.as_slice())
            .and_then(|rest| rest.strip_suffix(b"\nendobj\n"))
            // A stream's body would end in `endstream`: never packed.
            .filter(|body| one.refs().len() == 1 && !body.ends_with(b"endstream"));
        match body {
            Some(body) => {
                self.members.push((id, self.data.len()));
                self.data.extend_from_slice(body);
                self.data.push(b'\n');
            }
            None => plain.extend(one),
        }
    }

    /// Writes the object streams into `pdf`, numbered by `alloc`; returns
    /// where each packed object is, for [`place_in_xref`].
    pub fn write(self, pdf: &mut Chunk, alloc: &mut impl FnMut() -> Ref) -> Vec<Packed> {
        let groups: Vec<&[(Ref, usize)]> = self.members.chunks(PER_STREAM).collect();
        let data = &self.data;
        let streams: Vec<(Vec<u8>, usize, usize)> = groups
            .par_iter()
            .enumerate()
            .map_init(
                // One compressor per rayon job, reset between streams (as
                // for the pages); level 1, as the pages: level 6 made the
                // packing cost a tenth of a big build.
                || flate2::Compress::new(flate2::Compression::new(1), true),
                |deflate, (g, group)| {
                    let start = group[0].1;
                    let end = groups.get(g + 1).map_or(data.len(), |next| next[0].1);
                    // The header: each object's number and offset from /First.
                    let mut header = Vec::with_capacity(group.len() * 12);
                    for (id, at) in group.iter() {
                        header.extend_from_slice(itoa::Buffer::new().format(id.get()).as_bytes());
                        header.push(b' ');
                        header.extend_from_slice(itoa::Buffer::new().format(at - start).as_bytes());
                        header.push(b' ');
                    }
                    let first = header.len();
                    header.extend_from_slice(&data[start..end]);
                    (compress_with(deflate, &header), group.len(), first)
                },
            )
            .collect();
        let mut placed = Vec::with_capacity(self.members.len());
        for (group, (packed, n, first)) in groups.iter().zip(streams) {
            let stream = alloc();
            pdf.stream(stream, &packed)
                .filter(Filter::FlateDecode)
                .pair(Name(b"Type"), Name(b"ObjStm"))
                .pair(Name(b"N"), n as i32)
                .pair(Name(b"First"), first as i32);
            for (index, (id, _)) in group.iter().enumerate() {
                placed.push(Packed {
                    id: id.get(),
                    stream: stream.get(),
                    index: index as u16,
                });
            }
        }
        placed
    }
}

/// Rewrites the rows of a cross-reference stream's data (`[1 w 2]` fields,
/// one row per object number from 0 to `size - 1`) so that the packed
/// objects, which pdf-writer lists as free, point into their streams, and
/// the free list links only the objects still free.
pub fn place_in_xref(data: &[u8], size: usize, packed: &[Packed]) -> Vec<u8> {
    let mut out = data.to_vec();
    if packed.is_empty() || size == 0 || !data.len().is_multiple_of(size) {
        return out;
    }
    let row = data.len() / size;
    let Some(width) = row.checked_sub(3).filter(|w| (1..=8).contains(w)) else {
        return out;
    };
    let put = |out: &mut Vec<u8>, id: usize, kind: u8, field2: u64, field3: u16| {
        let at = id * row;
        out[at] = kind;
        let bytes = field2.to_be_bytes();
        out[at + 1..at + 1 + width].copy_from_slice(&bytes[8 - width..]);
        out[at + 1 + width..at + row].copy_from_slice(&field3.to_be_bytes());
    };
    let fits = |v: u64| width >= 8 || v < 1u64 << (8 * width);
    for p in packed {
        let (Ok(id), Ok(stream)) = (usize::try_from(p.id), u64::try_from(p.stream)) else {
            continue;
        };
        if id < size && fits(stream) {
            put(&mut out, id, 2, stream, p.index);
        }
    }
    // The free list, head at object 0: the objects still free, in order,
    // each pointing to the next, the last back to 0.
    let free: Vec<usize> = (1..size).filter(|&id| out[id * row] == 0).collect();
    let mut previous = 0usize;
    for &id in &free {
        put(
            &mut out,
            previous,
            0,
            id as u64,
            if previous == 0 { 65535 } else { 0 },
        );
        previous = id;
    }
    put(
        &mut out,
        previous,
        0,
        0,
        if previous == 0 { 65535 } else { 0 },
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compact_object_is_packed_and_others_are_written_plainly() {
        let mut packer = Packer::default();
        let mut plain = Chunk::new();
        let mut one = chunk_for_one();
        one.indirect(Ref::new(7))
            .dict()
            .pair(Name(b"S"), Name(b"P"));
        packer.add(Ref::new(7), &one, &mut plain);
        assert!(plain.as_bytes().is_empty());
        assert_eq!(packer.data, b"<</S/P>>\n");
        // A pretty-printed object ends otherwise: it stays a plain object.
        let mut pretty = Chunk::new();
        pretty
            .indirect(Ref::new(8))
            .dict()
            .pair(Name(b"S"), Name(b"P"));
        packer.add(Ref::new(8), &pretty, &mut plain);
        assert_eq!(plain.refs().collect::<Vec<_>>(), [Ref::new(8)]);
        let mut alloc = {
            let mut next = 9;
            move || {
                next += 1;
                Ref::new(next - 1)
            }
        };
        let mut pdf = Chunk::new();
        let placed = packer.write(&mut pdf, &mut alloc);
        assert_eq!(
            placed,
            [Packed {
                id: 7,
                stream: 9,
                index: 0
            }]
        );
        let text = String::from_utf8_lossy(pdf.as_bytes());
        assert!(
            text.contains("/Type /ObjStm") && text.contains("/N 1"),
            "{text}"
        );
    }

    #[test]
    fn packed_rows_become_type_2_and_the_free_list_skips_them() {
        // Objects 0..5, width 1: 0 free head, 1 free, 2 used, 3 free, 4 used.
        let rows: Vec<[u8; 4]> = vec![
            [0, 1, 255, 255],
            [0, 3, 0, 0],
            [1, 40, 0, 0],
            [0, 0, 0, 0],
            [1, 90, 0, 0],
        ];
        let data: Vec<u8> = rows.concat();
        let fixed = place_in_xref(
            &data,
            5,
            &[Packed {
                id: 1,
                stream: 4,
                index: 3,
            }],
        );
        assert_eq!(&fixed[4..8], &[2, 4, 0, 3]);
        // Object 0 now points to 3, the only one still free; 3 ends the list.
        assert_eq!(&fixed[0..4], &[0, 3, 255, 255]);
        assert_eq!(&fixed[12..16], &[0, 0, 0, 0]);
        assert_eq!(&fixed[8..12], &[1, 40, 0, 0]);
    }
}
