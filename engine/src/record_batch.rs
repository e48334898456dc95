//! Kafka's record batch, magic 2 (`DefaultRecordBatch`, `DefaultRecord` in
//! `clients/src/main/java/org/apache/kafka/common/record/`), byte for byte: the 61-byte header
//! (baseOffset, batchLength, partitionLeaderEpoch, magic, CRC-32C over everything after the CRC,
//! attributes, lastOffsetDelta, base and max timestamps, producerId, producerEpoch,
//! baseSequence, record count), then the records with zig-zag varints (`ByteUtils`), possibly
//! compressed as a whole. Codecs: none, gzip here (as Java's `GZIPOutputStream` frames it,
//! deflate from `miniz_oxide`), snappy, lz4 and zstd in `compression.rs`.
//!
//! Decoding bounds its work before it does it (issue 24: "never a panic and never unbounded
//! memory"): the input's size, the record count against the bytes left, every length against
//! the bytes left, varints of at most 5 (int) or 10 (long) bytes, and the decompressed size
//! (`DECOMPRESSED_BYTES_MAX`: a decompression bomb stops there).

use crate::compression;

/// `RecordBatch.MAGIC_VALUE_V2`.
pub const MAGIC_V2: i8 = 2;
/// `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`: the header's size.
pub const HEADER_BYTES: usize = 61;
/// `Records.LOG_OVERHEAD`: baseOffset and batchLength, outside `batchLength`.
pub const LOG_OVERHEAD: usize = 12;
/// `RecordBatch.NO_PARTITION_LEADER_EPOCH`, `NO_PRODUCER_ID`, `NO_PRODUCER_EPOCH`, `NO_SEQUENCE`.
pub const NO_PARTITION_LEADER_EPOCH: i32 = -1;
pub const NO_PRODUCER_ID: i64 = -1;
pub const NO_PRODUCER_EPOCH: i16 = -1;
pub const NO_SEQUENCE: i32 = -1;
/// The most bytes one batch may decompress to (Kafka's own limit is the fetch and message
/// sizes; the sandbox's is a bound on memory).
pub const DECOMPRESSED_BYTES_MAX: usize = 8 << 20;
/// The largest batch the decoder reads (`message.max.bytes` is 1 MiB by default; 16 MiB leaves
/// room for any config a learner might try).
pub const BATCH_BYTES_MAX: usize = 16 << 20;

/// Attribute bits (`DefaultRecordBatch`).
const COMPRESSION_MASK: i16 = 0x07;
const TIMESTAMP_TYPE_MASK: i16 = 0x08;
const TRANSACTIONAL_FLAG: i16 = 0x10;
const CONTROL_FLAG: i16 = 0x20;

/// `CompressionType`: its id in the attributes and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compression {
    #[default]
    None,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}

impl Compression {
    pub fn id(self) -> i16 {
        match self {
            Compression::None => 0,
            Compression::Gzip => 1,
            Compression::Snappy => 2,
            Compression::Lz4 => 3,
            Compression::Zstd => 4,
        }
    }

    pub fn from_id(id: i16) -> Option<Compression> {
        Some(match id {
            0 => Compression::None,
            1 => Compression::Gzip,
            2 => Compression::Snappy,
            3 => Compression::Lz4,
            4 => Compression::Zstd,
            _ => return None,
        })
    }

    /// `CompressionType.name`, as `compression.type` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Snappy => "snappy",
            Compression::Lz4 => "lz4",
            Compression::Zstd => "zstd",
        }
    }

    pub fn parse(name: &str) -> Option<Compression> {
        [Compression::None, Compression::Gzip, Compression::Snappy, Compression::Lz4, Compression::Zstd]
            .into_iter()
            .find(|c| c.name() == name)
    }
}

/// One record of a batch, as the producer gives it (offsets and timestamps absolute).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRecord {
    pub offset_delta: i32,
    pub timestamp: i64,
    pub key: Option<Vec<u8>>,
    pub value: Option<Vec<u8>>,
    pub headers: Vec<(String, Option<Vec<u8>>)>,
}

/// A batch's header fields besides the ones computed from its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchHeader {
    pub base_offset: i64,
    pub partition_leader_epoch: i32,
    pub compression: Compression,
    /// `TimestampType.LOG_APPEND_TIME` (the broker's clock) rather than `CREATE_TIME`.
    pub log_append_time: bool,
    pub transactional: bool,
    pub control: bool,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub base_sequence: i32,
}

impl Default for BatchHeader {
    /// What the Java producer writes before the broker assigns offsets and the epoch.
    fn default() -> Self {
        BatchHeader {
            base_offset: 0,
            partition_leader_epoch: NO_PARTITION_LEADER_EPOCH,
            compression: Compression::None,
            log_append_time: false,
            transactional: false,
            control: false,
            producer_id: NO_PRODUCER_ID,
            producer_epoch: NO_PRODUCER_EPOCH,
            base_sequence: NO_SEQUENCE,
        }
    }
}

/// A decoded batch: every header field as it was on the wire, and its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedBatch {
    pub header: BatchHeader,
    pub batch_length: i32,
    pub magic: i8,
    pub crc: u32,
    /// Whether the CRC-32C of the bytes after the CRC field equals `crc`.
    pub crc_valid: bool,
    pub attributes: i16,
    pub last_offset_delta: i32,
    pub base_timestamp: i64,
    pub max_timestamp: i64,
    pub record_count: i32,
    pub records: Vec<BatchRecord>,
}

/// Why bytes are not a batch: one line for people (`ksim batch decode` prints it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchError(pub String);

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, BatchError> {
    Err(BatchError(msg.into()))
}

// ------------------------------------------------------------------ checksums

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78): `Crc32C`, over the batch.
pub fn crc32c(bytes: &[u8]) -> u32 {
    crc_reflected(bytes, &CRC32C_TABLE)
}

/// CRC-32 (IEEE, reflected polynomial 0xEDB88320): gzip's trailer.
pub fn crc32(bytes: &[u8]) -> u32 {
    crc_reflected(bytes, &CRC32_TABLE)
}

const fn crc_table(poly: u32) -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { (c >> 1) ^ poly } else { c >> 1 };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}

static CRC32C_TABLE: [u32; 256] = crc_table(0x82F6_3B78);
static CRC32_TABLE: [u32; 256] = crc_table(0xEDB8_8320);

fn crc_reflected(bytes: &[u8], table: &[u32; 256]) -> u32 {
    let mut c = !0u32;
    for b in bytes {
        c = table[((c ^ u32::from(*b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

// ------------------------------------------------------------------ varints (`ByteUtils`)

fn put_varint(out: &mut Vec<u8>, v: i32) {
    put_unsigned(out, ((v << 1) ^ (v >> 31)) as u32 as u64);
}

fn put_varlong(out: &mut Vec<u8>, v: i64) {
    put_unsigned(out, ((v << 1) ^ (v >> 63)) as u64);
}

fn put_unsigned(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads bytes in order, every read checked against what is left.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], BatchError> {
        if n > self.left() {
            return err(format!("truncated: {what} needs {n} bytes at byte {}, {} left", self.at, self.left()));
        }
        let s = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }

    fn i8(&mut self, what: &str) -> Result<i8, BatchError> {
        Ok(self.take(1, what)?[0] as i8)
    }

    fn i16(&mut self, what: &str) -> Result<i16, BatchError> {
        let b = self.take(2, what)?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    }

    fn i32(&mut self, what: &str) -> Result<i32, BatchError> {
        let b = self.take(4, what)?;
        Ok(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i64(&mut self, what: &str) -> Result<i64, BatchError> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(i64::from_be_bytes(a))
    }

    /// An unsigned varint of at most `max_bytes` bytes (`ByteUtils.readUnsignedVarint`, which
    /// refuses a fifth byte with more than 4 bits as "Varint is too long").
    fn unsigned(&mut self, max_bytes: usize, what: &str) -> Result<u64, BatchError> {
        let mut v = 0u64;
        for i in 0..max_bytes {
            let b = self.take(1, what)?[0];
            v |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        err(format!("{what}: varint is too long (more than {max_bytes} bytes) at byte {}", self.at))
    }

    fn varint(&mut self, what: &str) -> Result<i32, BatchError> {
        let u = self.unsigned(5, what)?;
        if u > u64::from(u32::MAX) {
            return err(format!("{what}: varint overflows an int at byte {}", self.at));
        }
        let u = u as u32;
        Ok(((u >> 1) as i32) ^ -((u & 1) as i32))
    }

    fn varlong(&mut self, what: &str) -> Result<i64, BatchError> {
        let u = self.unsigned(10, what)?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    /// A length-prefixed byte string; -1 is null.
    fn bytes_or_null(&mut self, what: &str) -> Result<Option<Vec<u8>>, BatchError> {
        let n = self.varint(what)?;
        if n < -1 {
            return err(format!("{what}: negative length {n}"));
        }
        if n == -1 {
            return Ok(None);
        }
        Ok(Some(self.take(n as usize, what)?.to_vec()))
    }
}

// ------------------------------------------------------------------ encoding

/// One record, `DefaultRecord.writeTo`: its length, then its body.
fn encode_record(out: &mut Vec<u8>, r: &BatchRecord, base_timestamp: i64) {
    let mut body = vec![0u8]; // attributes: unused, always 0
    put_varlong(&mut body, r.timestamp.wrapping_sub(base_timestamp));
    put_varint(&mut body, r.offset_delta);
    let put_bytes = |body: &mut Vec<u8>, b: &Option<Vec<u8>>| match b {
        None => put_varint(body, -1),
        Some(b) => {
            put_varint(body, b.len() as i32);
            body.extend_from_slice(b);
        }
    };
    put_bytes(&mut body, &r.key);
    put_bytes(&mut body, &r.value);
    put_varint(&mut body, r.headers.len() as i32);
    for (k, v) in &r.headers {
        put_varint(&mut body, k.len() as i32);
        body.extend_from_slice(k.as_bytes());
        put_bytes(&mut body, v);
    }
    put_varint(out, body.len() as i32);
    out.extend_from_slice(&body);
}

/// The batch of `records` with `header`'s fields, as `MemoryRecordsBuilder` writes it. Record
/// offset deltas are the records' own (0, 1, 2... from a producer); the base timestamp is the
/// first record's, the max the largest.
pub fn encode(header: &BatchHeader, records: &[BatchRecord]) -> Result<Vec<u8>, BatchError> {
    let base_timestamp = records.first().map_or(-1, |r| r.timestamp);
    let max_timestamp = records.iter().map(|r| r.timestamp).max().unwrap_or(-1);
    let last_offset_delta = records.iter().map(|r| r.offset_delta).max().unwrap_or(0);
    let mut body = Vec::new();
    for r in records {
        encode_record(&mut body, r, base_timestamp);
    }
    let body = compress(header.compression, &body)?;
    let mut attributes = header.compression.id();
    if header.log_append_time {
        attributes |= TIMESTAMP_TYPE_MASK;
    }
    if header.transactional {
        attributes |= TRANSACTIONAL_FLAG;
    }
    if header.control {
        attributes |= CONTROL_FLAG;
    }
    let mut out = Vec::with_capacity(HEADER_BYTES + body.len());
    out.extend_from_slice(&header.base_offset.to_be_bytes());
    out.extend_from_slice(&((HEADER_BYTES - LOG_OVERHEAD + body.len()) as i32).to_be_bytes());
    out.extend_from_slice(&header.partition_leader_epoch.to_be_bytes());
    out.push(MAGIC_V2 as u8);
    out.extend_from_slice(&[0; 4]); // the CRC, below
    out.extend_from_slice(&attributes.to_be_bytes());
    out.extend_from_slice(&last_offset_delta.to_be_bytes());
    out.extend_from_slice(&base_timestamp.to_be_bytes());
    out.extend_from_slice(&max_timestamp.to_be_bytes());
    out.extend_from_slice(&header.producer_id.to_be_bytes());
    out.extend_from_slice(&header.producer_epoch.to_be_bytes());
    out.extend_from_slice(&header.base_sequence.to_be_bytes());
    out.extend_from_slice(&(records.len() as i32).to_be_bytes());
    out.extend_from_slice(&body);
    let crc = crc32c(&out[21..]);
    out[17..21].copy_from_slice(&crc.to_be_bytes());
    Ok(out)
}

fn compress(c: Compression, body: &[u8]) -> Result<Vec<u8>, BatchError> {
    if c == Compression::None {
        return Ok(body.to_vec());
    }
    // Loaded before any command can turn compression on (`compression::Encoders`).
    let Some(e) = compression::encoders() else { return Err(BatchError("the codecs' encoders are not loaded".into())) };
    let encode = match c {
        Compression::None | Compression::Gzip => e.gzip,
        Compression::Snappy => e.snappy,
        Compression::Lz4 => e.lz4,
        Compression::Zstd => e.zstd,
    };
    Ok(encode(body))
}

/// gzip as Java's `GZIPOutputStream` frames it: a 10-byte header (no name, no time, OS 0), the
/// deflate stream, CRC-32 and size of the input.
pub(crate) fn gzip_encode(body: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0];
    out.extend_from_slice(&miniz_oxide::deflate::compress_to_vec(body, 6));
    out.extend_from_slice(&crc32(body).to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out
}

/// Any gzip member (RFC 1952: optional extra, name, comment and header CRC skipped), bounded.
fn gzip_decode(bytes: &[u8]) -> Result<Vec<u8>, BatchError> {
    let mut r = Reader { bytes, at: 0 };
    let head = r.take(10, "gzip header")?;
    if head[0] != 0x1f || head[1] != 0x8b || head[2] != 8 {
        return err("gzip: not a gzip stream (bad magic or method)");
    }
    let flags = head[3];
    if flags & 0x04 != 0 {
        let n = r.take(2, "gzip extra length")?;
        r.take(usize::from(u16::from_le_bytes([n[0], n[1]])), "gzip extra field")?;
    }
    for flag in [0x08, 0x10] {
        if flags & flag != 0 {
            while r.take(1, "gzip name or comment")?[0] != 0 {}
        }
    }
    if flags & 0x02 != 0 {
        r.take(2, "gzip header CRC")?;
    }
    if r.left() < 8 {
        return err("gzip: truncated (no trailer)");
    }
    let deflated = &bytes[r.at..bytes.len() - 8];
    let out = miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, DECOMPRESSED_BYTES_MAX).map_err(|e| {
        BatchError(match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                format!("gzip: decompresses to more than {DECOMPRESSED_BYTES_MAX} bytes (a decompression bomb?)")
            }
            s => format!("gzip: corrupt deflate stream ({s:?})"),
        })
    })?;
    let t = &bytes[bytes.len() - 8..];
    if u32::from_le_bytes([t[0], t[1], t[2], t[3]]) != crc32(&out) {
        return err("gzip: CRC-32 of the decompressed data does not match its trailer");
    }
    Ok(out)
}

// ------------------------------------------------------------------ layout

/// One field of an encoded batch, where it lies in the bytes: for the bytes view's annotated hex
/// dump. `name` is Kafka's (`DefaultRecordBatch`, `DefaultRecord`); `record` is the record it
/// belongs to (None for the batch header); `value` is the field's value as data (a number, or
/// the bytes as UTF-8 text when they are, else hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByteField {
    pub name: &'static str,
    pub start: usize,
    pub len: usize,
    pub record: Option<u32>,
    pub value: String,
}

/// The fields of the batch in `bytes`, in order, covering every byte. Records are laid out only
/// when uncompressed (a compressed batch's records are one field, `records (compressed)`). The
/// bytes are checked as `decode` checks them first.
pub fn layout(bytes: &[u8]) -> Result<Vec<ByteField>, BatchError> {
    let decoded = decode(bytes)?;
    let mut out = Vec::new();
    let mut r = Reader { bytes, at: 0 };
    let field = |out: &mut Vec<ByteField>, name: &'static str, start: usize, end: usize, record: Option<u32>, value: String| {
        out.push(ByteField { name, start, len: end - start, record, value });
    };
    macro_rules! fixed {
        ($name:literal, $read:ident) => {{
            let start = r.at;
            let v = r.$read($name)?;
            field(&mut out, $name, start, r.at, None, v.to_string());
        }};
    }
    fixed!("baseOffset", i64);
    fixed!("batchLength", i32);
    fixed!("partitionLeaderEpoch", i32);
    fixed!("magic", i8);
    let start = r.at;
    let crc = r.i32("crc")? as u32;
    field(&mut out, "crc", start, r.at, None, format!("{crc:#010x}"));
    let start = r.at;
    let attributes = r.i16("attributes")?;
    field(&mut out, "attributes", start, r.at, None, format!("{attributes:#06x}"));
    fixed!("lastOffsetDelta", i32);
    fixed!("baseTimestamp", i64);
    fixed!("maxTimestamp", i64);
    fixed!("producerId", i64);
    fixed!("producerEpoch", i16);
    fixed!("baseSequence", i32);
    fixed!("recordsCount", i32);
    if decoded.header.compression != Compression::None {
        let start = r.at;
        field(&mut out, "records (compressed)", start, bytes.len(), None, format!("{} bytes", bytes.len() - start));
        return Ok(out);
    }
    let shown = |b: &Option<Vec<u8>>| match b {
        None => "null".to_string(),
        Some(b) => match std::str::from_utf8(b) {
            Ok(s) if s.chars().all(|c| !c.is_control()) => s.to_string(),
            _ => b.iter().map(|x| format!("{x:02x}")).collect(),
        },
    };
    for i in 0..decoded.record_count.max(0) as u32 {
        let rec = Some(i);
        macro_rules! var {
            ($name:literal, $read:ident) => {{
                let start = r.at;
                let v = r.$read($name)?;
                field(&mut out, $name, start, r.at, rec, v.to_string());
                v
            }};
        }
        var!("length", varint);
        let start = r.at;
        let a = r.i8("attributes")?;
        field(&mut out, "recordAttributes", start, r.at, rec, a.to_string());
        var!("timestampDelta", varlong);
        var!("offsetDelta", varint);
        let bytes_field =
            |out: &mut Vec<ByteField>, len_name: &'static str, name: &'static str, r: &mut Reader| -> Result<(), BatchError> {
                let start = r.at;
                let n = r.varint(len_name)?;
                field(out, len_name, start, r.at, rec, n.to_string());
                if n >= 0 {
                    let start = r.at;
                    let b = r.take(n as usize, name)?.to_vec();
                    field(out, name, start, r.at, rec, shown(&Some(b)));
                }
                Ok(())
            };
        bytes_field(&mut out, "keyLength", "key", &mut r)?;
        bytes_field(&mut out, "valueLength", "value", &mut r)?;
        let n = var!("headersCount", varint);
        for _ in 0..n.max(0) {
            bytes_field(&mut out, "headerKeyLength", "headerKey", &mut r)?;
            bytes_field(&mut out, "headerValueLength", "headerValue", &mut r)?;
        }
    }
    Ok(out)
}

// ------------------------------------------------------------------ decoding

/// The batch in `bytes` (exactly one, nothing after it). A CRC that does not verify is
/// reported (`crc_valid`), not refused, so a learner can look at a corrupted batch; everything
/// that cannot be read is an error.
pub fn decode(bytes: &[u8]) -> Result<DecodedBatch, BatchError> {
    if bytes.len() > BATCH_BYTES_MAX {
        return err(format!("{} bytes: larger than the {BATCH_BYTES_MAX} bytes a batch may have here", bytes.len()));
    }
    let mut r = Reader { bytes, at: 0 };
    let base_offset = r.i64("baseOffset")?;
    let batch_length = r.i32("batchLength")?;
    if batch_length < (HEADER_BYTES - LOG_OVERHEAD) as i32 {
        return err(format!("batchLength {batch_length} is shorter than a batch header ({})", HEADER_BYTES - LOG_OVERHEAD));
    }
    if batch_length as usize != r.left() {
        return err(format!("batchLength says {batch_length} bytes follow, {} do", r.left()));
    }
    let partition_leader_epoch = r.i32("partitionLeaderEpoch")?;
    let magic = r.i8("magic")?;
    if magic != MAGIC_V2 {
        return err(format!("magic {magic}: only record batches of magic 2 (Kafka 0.11 and later) are read"));
    }
    let crc = r.i32("crc")? as u32;
    let crc_valid = crc32c(&bytes[r.at..]) == crc;
    let attributes = r.i16("attributes")?;
    let last_offset_delta = r.i32("lastOffsetDelta")?;
    let base_timestamp = r.i64("baseTimestamp")?;
    let max_timestamp = r.i64("maxTimestamp")?;
    let producer_id = r.i64("producerId")?;
    let producer_epoch = r.i16("producerEpoch")?;
    let base_sequence = r.i32("baseSequence")?;
    let record_count = r.i32("recordsCount")?;
    let compression = Compression::from_id(attributes & COMPRESSION_MASK)
        .ok_or_else(|| BatchError(format!("attributes {attributes:#06x}: unknown compression id {}", attributes & COMPRESSION_MASK)))?;
    let raw = &bytes[r.at..];
    let body = match compression {
        Compression::None => raw.to_vec(),
        Compression::Gzip => gzip_decode(raw)?,
        Compression::Snappy => compression::snappy_decode(raw, DECOMPRESSED_BYTES_MAX).map_err(BatchError)?,
        Compression::Lz4 => compression::lz4_decode(raw, DECOMPRESSED_BYTES_MAX).map_err(BatchError)?,
        Compression::Zstd => compression::zstd_decode(raw, DECOMPRESSED_BYTES_MAX).map_err(BatchError)?,
    };
    // Every record takes at least 7 bytes (length, attributes, 2 deltas, key, value, headers).
    if record_count < 0 || record_count as usize > body.len() / 7 + usize::from(body.is_empty() && record_count == 0) {
        return err(format!("recordsCount {record_count} does not fit in {} bytes of records", body.len()));
    }
    let mut rr = Reader { bytes: &body, at: 0 };
    let mut records = Vec::with_capacity(record_count as usize);
    for i in 0..record_count {
        let what = |f: &str| format!("record {i}: {f}");
        let len = rr.varint(&what("length"))?;
        if len < 0 {
            return err(what(&format!("negative length {len}")));
        }
        let rec = rr.take(len as usize, &what("body"))?;
        let mut b = Reader { bytes: rec, at: 0 };
        b.i8(&what("attributes"))?;
        let timestamp = base_timestamp.wrapping_add(b.varlong(&what("timestampDelta"))?);
        let offset_delta = b.varint(&what("offsetDelta"))?;
        let key = b.bytes_or_null(&what("key"))?;
        let value = b.bytes_or_null(&what("value"))?;
        let n = b.varint(&what("headers count"))?;
        if n < 0 || n as usize > b.left() / 2 {
            return err(what(&format!("headers count {n} does not fit in {} bytes", b.left())));
        }
        let mut headers = Vec::with_capacity(n as usize);
        for h in 0..n {
            let k = b
                .bytes_or_null(&what(&format!("header {h} key")))?
                .ok_or_else(|| BatchError(what(&format!("header {h} has a null key"))))?;
            let k = String::from_utf8(k).map_err(|_| BatchError(what(&format!("header {h} key is not UTF-8"))))?;
            headers.push((k, b.bytes_or_null(&what(&format!("header {h} value")))?));
        }
        if b.left() != 0 {
            return err(what(&format!("{} bytes left over after its headers", b.left())));
        }
        records.push(BatchRecord { offset_delta, timestamp, key, value, headers });
    }
    if rr.left() != 0 {
        return err(format!("{} bytes after the last of {record_count} records", rr.left()));
    }
    let header = BatchHeader {
        base_offset,
        partition_leader_epoch,
        compression,
        log_append_time: attributes & TIMESTAMP_TYPE_MASK != 0,
        transactional: attributes & TRANSACTIONAL_FLAG != 0,
        control: attributes & CONTROL_FLAG != 0,
        producer_id,
        producer_epoch,
        base_sequence,
    };
    Ok(DecodedBatch {
        header,
        batch_length,
        magic,
        crc,
        crc_valid,
        attributes,
        last_offset_delta,
        base_timestamp,
        max_timestamp,
        record_count,
        records,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(i: i32, key: Option<&str>, value: Option<&str>) -> BatchRecord {
        BatchRecord {
            offset_delta: i,
            timestamp: 1_700_000_000_000 + i64::from(i) * 7,
            key: key.map(|k| k.as_bytes().to_vec()),
            value: value.map(|v| v.as_bytes().to_vec()),
            headers: if i == 1 { vec![("trace".into(), Some(b"abc".to_vec())), ("none".into(), None)] } else { vec![] },
        }
    }

    #[test]
    fn checksums_match_their_standard_check_values() {
        // The "check" value of each CRC over the ASCII digits 1-9 (Rocksoft model catalogue).
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn varints_zigzag_as_kafka_writes_them() {
        // ByteUtils: 0 → 00, -1 → 01, 1 → 02, 63 → 7e, -64 → 7f, 64 → 80 01, 300 → d8 04.
        for (v, bytes) in [
            (0, vec![0x00]),
            (-1, vec![0x01]),
            (1, vec![0x02]),
            (63, vec![0x7e]),
            (-64, vec![0x7f]),
            (64, vec![0x80, 0x01]),
            (300, vec![0xd8, 0x04]),
        ] {
            let mut out = Vec::new();
            put_varint(&mut out, v);
            assert_eq!(out, bytes, "{v}");
            assert_eq!(Reader { bytes: &out, at: 0 }.varint("v").unwrap(), v);
        }
        let mut out = Vec::new();
        put_varint(&mut out, i32::MIN);
        assert_eq!(Reader { bytes: &out, at: 0 }.varint("v").unwrap(), i32::MIN);
        put_varlong(&mut out, i64::MIN);
        assert!(Reader { bytes: &[0xff, 0xff, 0xff, 0xff, 0xff, 0x01], at: 0 }.varint("v").unwrap_err().0.contains("too long"));
        assert!(Reader { bytes: &[0xff, 0xff, 0xff, 0xff, 0x7f], at: 0 }.varint("v").unwrap_err().0.contains("overflows"));
    }

    /// A golden vector: one record, key "k", value "v", timestamp 0, no compression, the Java
    /// producer's defaults, worked out by hand from `DefaultRecordBatch`'s layout.
    #[test]
    fn a_one_record_batch_is_byte_for_byte_kafkas() {
        let r = BatchRecord { offset_delta: 0, timestamp: 0, key: Some(b"k".to_vec()), value: Some(b"v".to_vec()), headers: vec![] };
        let b = encode(&BatchHeader::default(), &[r]).unwrap();
        let record = [0x10, 0x00, 0x00, 0x00, 0x02, b'k', 0x02, b'v', 0x00]; // length 8, then the body
        assert_eq!(b.len(), HEADER_BYTES + record.len());
        assert_eq!(&b[0..8], &[0; 8], "baseOffset 0");
        assert_eq!(&b[8..12], &((49 + record.len()) as i32).to_be_bytes(), "batchLength");
        assert_eq!(&b[12..16], &[0xff; 4], "partitionLeaderEpoch -1");
        assert_eq!(b[16], 2, "magic");
        assert_eq!(&b[21..23], &[0, 0], "attributes");
        assert_eq!(&b[23..27], &[0; 4], "lastOffsetDelta");
        assert_eq!(&b[43..51], &[0xff; 8], "producerId -1");
        assert_eq!(&b[51..53], &[0xff; 2], "producerEpoch -1");
        assert_eq!(&b[53..57], &[0xff; 4], "baseSequence -1");
        assert_eq!(&b[57..61], &[0, 0, 0, 1], "one record");
        assert_eq!(&b[61..], &record);
        assert_eq!(u32::from_be_bytes([b[17], b[18], b[19], b[20]]), crc32c(&b[21..]));
    }

    #[test]
    fn batches_round_trip_with_every_built_codec() {
        let records = vec![rec(0, Some("alice"), Some("x".repeat(300).as_str())), rec(1, None, Some("y")), rec(2, Some("bob"), None)];
        for compression in [Compression::None, Compression::Gzip] {
            let header = BatchHeader {
                base_offset: 42,
                partition_leader_epoch: 3,
                compression,
                transactional: true,
                producer_id: 7,
                producer_epoch: 1,
                base_sequence: 10,
                ..BatchHeader::default()
            };
            let bytes = encode(&header, &records).unwrap();
            let d = decode(&bytes).unwrap();
            assert!(d.crc_valid);
            assert_eq!((d.header, d.records, d.record_count, d.last_offset_delta), (header, records.clone(), 3, 2));
            assert_eq!((d.base_timestamp, d.max_timestamp), (records[0].timestamp, records[2].timestamp));
        }
        let gz = encode(&BatchHeader { compression: Compression::Gzip, ..BatchHeader::default() }, &records).unwrap();
        let plain = encode(&BatchHeader::default(), &records).unwrap();
        assert!(gz.len() < plain.len(), "300 x's compress");
    }

    #[test]
    fn bad_bytes_are_errors_never_panics() {
        let good = encode(
            &BatchHeader { compression: Compression::Gzip, ..BatchHeader::default() },
            &[rec(0, Some("k"), Some("v")), rec(1, Some("k"), None)],
        )
        .unwrap();
        for cut in 0..good.len() {
            assert!(decode(&good[..cut]).is_err(), "truncated at {cut}");
        }
        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(decode(&flipped).is_err() || !decode(&flipped).unwrap().crc_valid);
        let mut magic = good.clone();
        magic[16] = 1;
        assert!(decode(&magic).unwrap_err().0.contains("magic 1"));
        let mut lying = good.clone();
        lying[8..12].copy_from_slice(&1_000_000i32.to_be_bytes());
        assert!(decode(&lying).unwrap_err().0.contains("batchLength"));
        let mut count = encode(&BatchHeader::default(), &[rec(0, Some("k"), Some("v"))]).unwrap();
        count[57..61].copy_from_slice(&i32::MAX.to_be_bytes());
        assert!(decode(&count).unwrap_err().0.contains("recordsCount"));
        // A gzip bomb: 64 MiB of zeros in a few kilobytes stops at the bound.
        let zeros = vec![0u8; 64 << 20];
        let mut bomb = BatchHeader { compression: Compression::Gzip, ..BatchHeader::default() };
        bomb.base_offset = 0;
        let mut b = encode(&bomb, &[]).unwrap();
        b.truncate(HEADER_BYTES);
        b.extend_from_slice(&gzip_encode(&zeros));
        let n = (b.len() - LOG_OVERHEAD) as i32;
        b[8..12].copy_from_slice(&n.to_be_bytes());
        assert!(decode(&b).unwrap_err().0.contains("decompression bomb"));
        // Random bytes and random mutations of a good batch (seeded).
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..20_000 {
            let mut m = good.clone();
            for _ in 0..1 + next() % 4 {
                let i = (next() as usize) % m.len();
                m[i] = next() as u8;
            }
            let _ = decode(&m);
            let n = (next() % 200) as usize;
            let junk: Vec<u8> = (0..n).map(|_| next() as u8).collect();
            let _ = decode(&junk);
        }
    }
}
