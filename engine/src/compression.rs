//! Kafka's codecs for record batches other than gzip (`record_batch.rs` has gzip), framed as the
//! Java client frames them (`clients/.../common/compress/`):
//!
//! * snappy: xerial's `SnappyOutputStream` (`SnappyCompression`): a 16-byte header (magic
//!   `\x82SNAPPY\0`, version 1, compatible version 1), then blocks of at most 32 KiB, each a
//!   big-endian length and a raw snappy block (`snap`). Plain raw snappy is read too, as
//!   kafka-python reads both.
//! * lz4: the LZ4 frame format as `Lz4BlockOutputStream` writes it (64 KiB independent blocks,
//!   no checksums; `lz4_flex`).
//! * zstd: one zstd frame (`ZstdCompression`; `ruzstd`, pure Rust).
//!
//! Decoding is bounded before it allocates: the decompressed size never passes `limit`, and a
//! zstd frame whose window is larger than `limit` is refused before the decoder reserves it
//! (`ruzstd` would reserve up to 100 MiB for a hostile header).

use std::io::{Read, Write};

/// The encoders the cluster compresses batches with (`record_batch::encode`). They are code a
/// learner needs only once compression is turned on, so the hosted page (built with `--cfg
/// ks_split`, `scripts/env.sh`) loads them as a chunk first (issue 26: "the bytes view's
/// codecs"), as the terminal's tools are (`tools::code`): the cluster reaches them only through
/// `ENCODERS`, which only the chunk's entry point names, and the app `install`s it before it
/// applies a command that can turn compression on (`Command::needs_codecs`). Without them
/// `Cluster::apply` refuses such a command before logging it, so a session replays the same
/// everywhere. Every other build has them linked in: `encoders` is always `Some`.
pub struct Encoders {
    pub(crate) gzip: fn(&[u8]) -> Vec<u8>,
    pub(crate) snappy: fn(&[u8]) -> Vec<u8>,
    pub(crate) lz4: fn(&[u8]) -> Vec<u8>,
    pub(crate) zstd: fn(&[u8]) -> Vec<u8>,
}

/// The encoders. In a split build only the chunk's entry point refers to them.
pub static ENCODERS: Encoders =
    Encoders { gzip: crate::record_batch::gzip_encode, snappy: snappy_encode, lz4: lz4_encode, zstd: zstd_encode };

code_slot!(encoders, Encoders, ENCODERS);

/// xerial's stream header: magic, version 1, minimum compatible version 1.
const XERIAL_HEADER: [u8; 16] = [0x82, b'S', b'N', b'A', b'P', b'P', b'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1];
/// `SnappyOutputStream`'s default block size (snappy-java `DEFAULT_BLOCK_SIZE`).
const XERIAL_BLOCK_BYTES: usize = 32 * 1024;

pub fn snappy_encode(body: &[u8]) -> Vec<u8> {
    let mut out = XERIAL_HEADER.to_vec();
    let mut enc = snap::raw::Encoder::new();
    for block in body.chunks(XERIAL_BLOCK_BYTES) {
        // A block of at most 32 KiB always compresses (snap fails only past 2^32 bytes).
        let compressed = enc.compress_vec(block).unwrap_or_default();
        out.extend_from_slice(&(compressed.len() as u32).to_be_bytes());
        out.extend_from_slice(&compressed);
    }
    out
}

pub fn snappy_decode(bytes: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(&XERIAL_HEADER[..8]) {
        return snappy_block(bytes, limit, 0);
    }
    if bytes.len() < XERIAL_HEADER.len() {
        return Err("snappy: truncated xerial header".into());
    }
    let mut out = Vec::new();
    let mut at = XERIAL_HEADER.len();
    while at < bytes.len() {
        let Some(len) = bytes.get(at..at + 4) else { return Err(format!("snappy: truncated block length at byte {at}")) };
        let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
        at += 4;
        let Some(block) = bytes.get(at..at.saturating_add(len)) else {
            return Err(format!("snappy: block of {len} bytes at byte {at}, but {} are left", bytes.len() - at));
        };
        out.extend_from_slice(&snappy_block(block, limit, out.len())?);
        at += len;
    }
    Ok(out)
}

/// One raw snappy block; `so_far` bytes were decompressed before it.
fn snappy_block(block: &[u8], limit: usize, so_far: usize) -> Result<Vec<u8>, String> {
    let n = snap::raw::decompress_len(block).map_err(|e| format!("snappy: {e}"))?;
    if so_far.saturating_add(n) > limit {
        return Err(format!("snappy: decompresses to more than {limit} bytes (a decompression bomb?)"));
    }
    snap::raw::Decoder::new().decompress_vec(block).map_err(|e| format!("snappy: {e}"))
}

pub fn lz4_encode(body: &[u8]) -> Vec<u8> {
    use lz4_flex::frame::{BlockMode, BlockSize, FrameEncoder, FrameInfo};
    let info = FrameInfo::new().block_size(BlockSize::Max64KB).block_mode(BlockMode::Independent).content_checksum(false);
    let mut enc = FrameEncoder::with_frame_info(info, Vec::new());
    // Writing to a `Vec` cannot fail.
    if enc.write_all(body).is_err() {
        return Vec::new();
    }
    enc.finish().unwrap_or_default()
}

pub fn lz4_decode(bytes: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let dec = lz4_flex::frame::FrameDecoder::new(bytes);
    read_bounded(dec, limit, "lz4")
}

pub fn zstd_encode(body: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(body, ruzstd::encoding::CompressionLevel::Fastest)
}

pub fn zstd_decode(bytes: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let window = zstd_window_bytes(bytes)?;
    if window > limit as u64 {
        return Err(format!("zstd: a window of {window} bytes is larger than the {limit} bytes a batch may decompress to"));
    }
    let dec = ruzstd::decoding::StreamingDecoder::new(bytes).map_err(|e| format!("zstd: {e}"))?;
    read_bounded(dec, limit, "zstd")
}

/// The window size a zstd frame header asks for (RFC 8878 §3.1.1.1), read before the decoder
/// reserves it.
fn zstd_window_bytes(bytes: &[u8]) -> Result<u64, String> {
    if bytes.get(..4) != Some(&[0x28, 0xb5, 0x2f, 0xfd][..]) {
        return Err("zstd: not a zstd frame (bad magic)".into());
    }
    let fhd = *bytes.get(4).ok_or("zstd: truncated frame header")?;
    let single_segment = fhd & 0x20 != 0;
    if !single_segment {
        let wd = *bytes.get(5).ok_or("zstd: truncated frame header")?;
        let base = 1u64 << (10 + u64::from(wd >> 3));
        return Ok(base + (base / 8) * u64::from(wd & 7));
    }
    // Single segment: the window is the frame's content size.
    let dict_bytes = [0, 1, 2, 4][usize::from(fhd & 3)];
    let fcs_bytes = [1, 2, 4, 8][usize::from(fhd >> 6)];
    let at = 5 + dict_bytes;
    let field = bytes.get(at..at + fcs_bytes).ok_or("zstd: truncated frame header")?;
    let mut v = [0u8; 8];
    v[..fcs_bytes].copy_from_slice(field);
    let size = u64::from_le_bytes(v);
    Ok(if fcs_bytes == 2 { size + 256 } else { size })
}

/// Reads `r` to its end, refusing more than `limit` bytes.
fn read_bounded(r: impl Read, limit: usize, codec: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    r.take(limit as u64 + 1).read_to_end(&mut out).map_err(|e| format!("{codec}: {e}"))?;
    if out.len() > limit {
        return Err(format!("{codec}: decompresses to more than {limit} bytes (a decompression bomb?)"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn sample(rng: &mut Rng, n: usize) -> Vec<u8> {
        // Compressible: runs of a few symbols.
        (0..n).map(|_| b"kafka-"[rng.below(6) as usize]).collect()
    }

    #[test]
    fn every_codec_round_trips_and_frames_as_kafka_does() {
        let mut rng = Rng::new(7);
        for n in [0usize, 1, 100, 32 * 1024, 32 * 1024 + 1, 200_000] {
            let body = sample(&mut rng, n);
            let s = snappy_encode(&body);
            assert_eq!(&s[..16], &XERIAL_HEADER, "xerial framing");
            assert_eq!(snappy_decode(&s, 1 << 20).unwrap(), body, "snappy {n}");
            let l = lz4_encode(&body);
            assert_eq!(&l[..4], &[0x04, 0x22, 0x4d, 0x18], "LZ4 frame magic");
            assert_eq!(l[4] & 0xe0, 0x60, "version 01, independent blocks");
            assert_eq!(lz4_decode(&l, 1 << 20).unwrap(), body, "lz4 {n}");
            let z = zstd_encode(&body);
            assert_eq!(zstd_decode(&z, 1 << 20).unwrap(), body, "zstd {n}");
        }
        // Raw snappy (no xerial header) is read too.
        let raw = snap::raw::Encoder::new().compress_vec(b"plain").unwrap();
        assert_eq!(snappy_decode(&raw, 100).unwrap(), b"plain");
    }

    #[test]
    fn bombs_and_hostile_headers_are_refused_before_the_work() {
        let zeros = vec![0u8; 1 << 20];
        for (name, packed, decode) in [
            ("snappy", snappy_encode(&zeros), snappy_decode as fn(&[u8], usize) -> Result<Vec<u8>, String>),
            ("lz4", lz4_encode(&zeros), lz4_decode),
            ("zstd", zstd_encode(&zeros), zstd_decode),
        ] {
            let e = decode(&packed, 1 << 16).unwrap_err();
            assert!(e.contains("more than") || e.contains("window"), "{name}: {e}");
        }
        // A zstd header asking for a 2 GiB window: refused without reserving it.
        let hostile = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xa8, 0, 0, 0];
        assert!(zstd_decode(&hostile, 8 << 20).unwrap_err().contains("window"));
        // Random and truncated input: an error, never a panic.
        let mut rng = Rng::new(3);
        for case in 0..3_000 {
            let n = rng.below(3_000) as usize;
            let body = sample(&mut rng, n);
            let mut packed = match case % 3 {
                0 => snappy_encode(&body),
                1 => lz4_encode(&body),
                _ => zstd_encode(&body),
            };
            match rng.below(3) {
                0 => packed.truncate(rng.below(packed.len() as u64 + 1) as usize),
                1 if !packed.is_empty() => {
                    let i = rng.below(packed.len() as u64) as usize;
                    packed[i] ^= 1 << rng.below(8);
                }
                _ => packed = (0..rng.below(200)).map(|_| rng.below(256) as u8).collect(),
            }
            let _ = (snappy_decode(&packed, 1 << 16), lz4_decode(&packed, 1 << 16), zstd_decode(&packed, 1 << 16));
        }
    }
}
