//! A linear model over the words of a message and the rule signals, trained on the labelled
//! messages under `testdata/messages/` (see `examples/train.rs`).
//!
//! The rules in `message` find the signals a customer can be shown (a prize, a request for a
//! code, a lookalike link) with their spans; they were written from a few hundred messages and
//! miss phrasing they have not seen. The model reads the same message as hashed features:
//! word unigrams and bigrams, character 3- to 5-grams inside words, placeholders for links (by
//! what the domain check said), numbers (by length) and the business's own name, plus every
//! rule signal and flag, the lexicon categories found (and whether in a warning), every pair
//! of them, the rule score's band, and the message's length band alone and with each signal
//! and flag (a short message has few words to go by), each also per language. Its logistic
//! output, shifted per language, is the message's score.
//!
//! Features are hashed into `2^BITS` buckets with FNV-1a, so the weights are one array; the
//! file `data/message-model.bin` holds the buckets that training touched. Text features are
//! scaled by `gain/sqrt(count)` so a long email does not outweigh a short SMS by its length.

use std::sync::LazyLock;

/// Hash width: 2^22 buckets (16 MiB of weights in memory; the file keeps only the non-zero
/// ones, about 2 MB). Cross-validated at 0.5% FP on 60,000 messages, 2^22 caught 2.0 points
/// more than 2^18 (mean over languages), at the same speed.
pub const BITS: u32 = 22;
const BUCKETS: usize = 1 << BITS;
/// Words read per message; the rest of a long paste adds little and costs time.
const MAX_WORDS: usize = 1500;
/// Words of this many characters or more are not cut into character n-grams (they are codes,
/// hashes or run-ons).
const MAX_NGRAM_WORD: usize = 24;

/// Placeholder for a token the model should read as a class, not as its letters.
pub(crate) type Mark = (usize, usize, &'static str);

/// Where one feature came from, for training (scaling) and for explaining (spans).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A word, character n-gram or placeholder of word `i` (index into the token list).
    Word(usize),
    /// A bigram of words `i` and `i + 1`.
    Pair(usize),
    /// A rule signal, flag or the bias: not scaled.
    Fixed,
}

fn fnv(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[inline]
fn bucket(h: u64) -> u32 {
    let h = (h ^ (h >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    (h >> (64 - BITS)) as u32
}

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
fn seed(family: &[u8]) -> u64 {
    fnv(OFFSET, family)
}

/// The features of one message, fed to `emit` as (bucket, source).
pub(crate) struct Input<'a> {
    /// Folded text (see `normalise`).
    pub folded: &'a str,
    /// Folded spans to read as placeholders, sorted by start, not overlapping.
    pub marks: &'a [Mark],
    /// Rule signal codes found.
    pub signals: &'a [&'static str],
    /// Rule flags that held ("outlet", "pretext", ...).
    pub flags: &'a [&'static str],
    /// Lexicon categories found: (key, in a guarded sentence).
    pub cats: &'a [(&'static str, bool)],
    /// Language code.
    pub lang: &'static str,
    /// The rules' own score, 0-100.
    pub rule_score: u32,
}

/// Splits folded text into tokens: words, and placeholders for marked spans and numbers.
/// Returns (folded start, folded end, token text).
fn tokens<'a>(input: &Input<'a>, out: &mut Vec<(usize, usize, &'a str)>) {
    let text = input.folded;
    let mut marks = input.marks.iter().peekable();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() && out.len() < MAX_WORDS {
        while marks.peek().is_some_and(|m| m.1 <= i) {
            marks.next();
        }
        if let Some(&&(s, e, tok)) = marks.peek()
            && s <= i
        {
            out.push((s, e, tok));
            i = e.max(i + 1);
            while i < text.len() && !text.is_char_boundary(i) {
                i += 1;
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if !crate::normalise::is_word_char(c) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let stop = marks.peek().map_or(text.len(), |m| m.0.max(start));
        let mut end = start;
        for (k, ch) in text[start..stop].char_indices() {
            if !crate::normalise::is_word_char(ch) {
                break;
            }
            end = start + k + ch.len_utf8();
        }
        if end == start {
            i += c.len_utf8();
            continue;
        }
        let word = &text[start..end];
        let tok = if bytes[start..end].iter().all(u8::is_ascii_digit) {
            match word.len() {
                1..=2 => "\u{1}num2",
                3..=4 => "\u{1}num4",
                5..=6 => "\u{1}num6",
                7..=9 => "\u{1}num9",
                10..=12 => "\u{1}num12",
                _ => "\u{1}numlong",
            }
        } else {
            word
        };
        out.push((start, end, tok));
        i = end;
    }
}

/// Calls `emit` for every feature of the message.
pub(crate) fn features<'a>(
    input: &Input<'a>,
    toks: &mut Vec<(usize, usize, &'a str)>,
    mut emit: impl FnMut(u32, Source),
) {
    toks.clear();
    tokens(input, toks);
    let s_word = seed(b"w");
    let s_pair = seed(b"b");
    let s_gram = seed(b"c");
    let mut prev: Option<u64> = None;
    for (i, &(_, _, tok)) in toks.iter().enumerate() {
        let tb = tok.as_bytes();
        emit(bucket(fnv(s_word, tb)), Source::Word(i));
        if let Some(p) = prev {
            let h = fnv(fnv(p, b" "), tb);
            emit(bucket(h), Source::Pair(i - 1));
        }
        prev = Some(fnv(s_pair, tb));
        if tb.first() == Some(&1) {
            continue;
        }
        // Character 3-, 4- and 5-grams of "^word$".
        let mut cuts = [0usize; MAX_NGRAM_WORD + 1];
        let mut n = 0;
        for (k, _) in tok.char_indices() {
            if n == MAX_NGRAM_WORD {
                break;
            }
            cuts[n] = k;
            n += 1;
        }
        if n < 2 || n == MAX_NGRAM_WORD {
            continue;
        }
        cuts[n] = tok.len();
        // Padded positions 0..n+2: 0 is '^', n+1 is '$', p in 1..=n is char p-1.
        let piece = |p: usize| -> &[u8] {
            if p == 0 {
                b"^"
            } else if p == n + 1 {
                b"$"
            } else {
                &tb[cuts[p - 1]..cuts[p]]
            }
        };
        for start in 0..n {
            let mut h = s_gram;
            for len in 1..=5 {
                let p = start + len - 1;
                if p > n + 1 {
                    break;
                }
                h = fnv(h, piece(p));
                if len >= 3 {
                    emit(bucket(h), Source::Word(i));
                }
            }
        }
    }
    let mut fixed = |family: &[u8], a: &[u8], b: &[u8]| {
        emit(bucket(fnv(fnv(seed(family), a), b)), Source::Fixed);
    };
    fixed(b"bias", b"", b"");
    fixed(b"lang", input.lang.as_bytes(), b"");
    for s in input.signals {
        fixed(b"sig", s.as_bytes(), b"");
        fixed(b"sig@", s.as_bytes(), input.lang.as_bytes());
    }
    for f in input.flags {
        fixed(b"flag", f.as_bytes(), b"");
        fixed(b"flag@", f.as_bytes(), input.lang.as_bytes());
    }
    // Categories, and every pair of the things a scam combines (a request and a code, a
    // fee and a cover story, a risky link and a deadline), which a linear model cannot
    // build from the single features.
    let mut atoms: Vec<&str> = Vec::with_capacity(24);
    for &(key, guarded) in input.cats {
        fixed(b"cat", key.as_bytes(), if guarded { b"g" } else { b"" });
        fixed(b"cat@", key.as_bytes(), input.lang.as_bytes());
        if !guarded && !atoms.contains(&key) {
            atoms.push(key);
        }
    }
    for m in input.marks {
        if m.2.starts_with("\u{1}link") && !atoms.contains(&m.2) {
            atoms.push(m.2);
        }
    }
    atoms.extend(input.flags.iter().copied());
    atoms.sort_unstable();
    atoms.dedup();
    for (i, a) in atoms.iter().enumerate() {
        for b in &atoms[i + 1..] {
            fixed(b"pair", a.as_bytes(), b.as_bytes());
        }
    }
    // How long the message is, alone and with each signal: a short message has few words
    // to go by, so what the rules found there means more.
    let len_band: &[u8] = match toks.len() {
        0..=10 => b"s",
        11..=25 => b"m",
        26..=60 => b"l",
        _ => b"x",
    };
    fixed(b"len", len_band, b"");
    for s in input.signals.iter().chain(input.flags) {
        fixed(b"lsig", s.as_bytes(), len_band);
    }
    let band = [b'0' + (input.rule_score.min(99) / 10) as u8];
    fixed(b"rule", &band, b"");
    fixed(b"rule@", &band, input.lang.as_bytes());
}

/// Trained weights, dense in memory.
#[derive(Debug, Clone)]
pub struct Weights {
    /// One weight per bucket.
    pub w: Vec<f32>,
    /// Added to the logit before the score is read, per sensitivity (`FP_TARGETS` order) and
    /// language (`LANGS` order), so the operating point chosen in cross-validation lands on
    /// the suspicious line (30).
    pub shift: [[f32; 5]; 3],
    /// Multiplies the text features (after `1/sqrt(count)`): how much words weigh against the
    /// rule signals at the start of training.
    pub gain: f32,
}

/// Languages of the per-language shifts, in file order.
pub const LANGS: [&str; 5] = ["en", "az", "fa", "ar", "vi"];

/// Share of genuine messages above the line, per sensitivity (standard, high, highest), when
/// the lines were placed in cross-validation.
pub const FP_TARGETS: [f64; 3] = [0.005, 0.0075, 0.01];

const MAGIC: &[u8; 4] = b"AMSM";
/// Weights are stored in steps of 1/8192 (range +-4).
const QUANTUM: f32 = 8192.0;
/// Magic, bits, 3 x 5 shifts, gain, count.
const HEADER: usize = 4 + 4 + 15 * 4 + 4 + 4;

impl Weights {
    /// All-zero weights.
    pub fn zero() -> Weights {
        Weights {
            w: vec![0.0; BUCKETS],
            shift: [[0.0; 5]; 3],
            gain: 1.0,
        }
    }

    /// The shift for a sensitivity (0 standard, 1 high, 2 highest) and a language code
    /// (English's for any other).
    pub fn shift_for(&self, sensitivity: usize, lang: &str) -> f32 {
        let i = LANGS.iter().position(|l| *l == lang).unwrap_or(0);
        self.shift[sensitivity.min(2)][i]
    }

    /// The file form, little-endian: magic, bits, 3 x 5 shifts, gain, count, then per non-zero
    /// bucket the distance from the previous one (LEB128) and the weight in units of
    /// `1/QUANTUM` (i16).
    pub fn to_bytes(&self) -> Vec<u8> {
        let nz: Vec<(usize, i16)> = self
            .w
            .iter()
            .enumerate()
            .map(|(i, &w)| (i, (w * QUANTUM).round().clamp(-32767.0, 32767.0) as i16))
            .filter(|&(_, q)| q != 0)
            .collect();
        let mut out = Vec::with_capacity(HEADER + nz.len() * 3);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&BITS.to_le_bytes());
        for s in self.shift.iter().flatten() {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out.extend_from_slice(&self.gain.to_le_bytes());
        out.extend_from_slice(&(nz.len() as u32).to_le_bytes());
        let mut prev = 0usize;
        for (i, q) in nz {
            let mut d = i - prev;
            prev = i;
            loop {
                let byte = (d & 0x7f) as u8;
                d >>= 7;
                if d == 0 {
                    out.push(byte);
                    break;
                }
                out.push(byte | 0x80);
            }
            out.extend_from_slice(&q.to_le_bytes());
        }
        out
    }

    /// Reads the file form; `None` if it is not one (wrong magic, width or length).
    pub fn from_bytes(b: &[u8]) -> Option<Weights> {
        let word = |at: usize| -> Option<[u8; 4]> { b.get(at..at + 4)?.try_into().ok() };
        if b.get(..4)? != MAGIC || u32::from_le_bytes(word(4)?) != BITS {
            return None;
        }
        let mut shift = [[0f32; 5]; 3];
        for (k, s) in shift.iter_mut().flatten().enumerate() {
            *s = f32::from_le_bytes(word(8 + 4 * k)?);
        }
        let gain = f32::from_le_bytes(word(HEADER - 8)?);
        let count = u32::from_le_bytes(word(HEADER - 4)?) as usize;
        let mut w = vec![0.0f32; BUCKETS];
        let mut at = HEADER;
        let mut idx = 0usize;
        for k in 0..count {
            let mut d = 0usize;
            let mut shift_bits = 0;
            loop {
                let byte = *b.get(at)?;
                at += 1;
                d |= usize::from(byte & 0x7f).checked_shl(shift_bits)?;
                if byte & 0x80 == 0 {
                    break;
                }
                shift_bits += 7;
                if shift_bits > 28 {
                    return None;
                }
            }
            // Buckets strictly increase (the first may be bucket 0).
            if k > 0 && d == 0 {
                return None;
            }
            idx = idx.checked_add(d)?;
            let q = i16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?);
            at += 2;
            *w.get_mut(idx)? = f32::from(q) / QUANTUM;
        }
        if at != b.len() {
            return None;
        }
        Some(Weights { w, shift, gain })
    }

    /// The raw logit of one message (without the shift).
    pub(crate) fn logit(&self, input: &Input<'_>) -> f32 {
        let mut toks = Vec::with_capacity(64);
        let (mut fixed, mut text, mut count) = (0f32, 0f32, 0u32);
        features(input, &mut toks, |b, src| {
            let w = self.w[b as usize];
            if src == Source::Fixed {
                fixed += w;
            } else {
                text += w;
                count += 1;
            }
        });
        let scale = if count > 0 {
            self.gain / (count as f32).sqrt()
        } else {
            0.0
        };
        fixed + text * scale
    }

    /// The folded span of the message's most scam-like word or pair of words, if any word
    /// leans towards scams.
    pub(crate) fn explain(&self, input: &Input<'_>) -> Option<(usize, usize)> {
        let mut toks = Vec::with_capacity(64);
        let mut words = Vec::with_capacity(64);
        let mut pairs = Vec::with_capacity(64);
        features(input, &mut toks, |b, src| {
            let (sums, i) = match src {
                Source::Word(i) => (&mut words, i),
                Source::Pair(i) => (&mut pairs, i),
                Source::Fixed => return,
            };
            if sums.len() <= i {
                sums.resize(i + 1, 0f32);
            }
            sums[i] += self.w[b as usize];
        });
        words.resize(toks.len(), 0.0);
        pairs.resize(toks.len(), 0.0);
        // One-letter words ("I", "و") explain nothing to a reader.
        for (i, t) in toks.iter().enumerate() {
            if t.2.chars().count() < 2 {
                words[i] = words[i].min(0.0);
            }
        }
        let mut best: Option<(f32, usize, usize)> = None;
        for i in 0..toks.len() {
            let one = words[i];
            // A pair only when both of its words lean towards scams themselves.
            let two = if i + 1 < toks.len() && one > 0.0 && words[i + 1] > 0.0 {
                words[i] + words[i + 1] + pairs[i]
            } else {
                f32::MIN
            };
            let (v, j) = if two > one { (two, i + 1) } else { (one, i) };
            if v > 0.0 && best.is_none_or(|(bv, _, _)| v > bv) {
                best = Some((v, i, j));
            }
        }
        best.map(|(_, i, j)| (toks[i].0, toks[j].1))
    }
}

/// The shipped model; `None` only if the embedded file is damaged (a test guards it).
pub(crate) static MODEL: LazyLock<Option<Weights>> =
    LazyLock::new(|| Weights::from_bytes(include_bytes!("../data/message-model.bin")));

/// One training example: its features (bucket, is text) and label.
#[derive(Debug, Clone)]
pub struct Example {
    /// Buckets of the text features (scaled together).
    pub text: Vec<u32>,
    /// Buckets of the fixed features.
    pub fixed: Vec<u32>,
    /// True for a scam.
    pub scam: bool,
    /// The rules' own score (0-100).
    pub rule_score: u32,
    /// The rule signals and flags that held (for analysis).
    pub rule_codes: Vec<&'static str>,
}

impl Example {
    fn scale(&self, gain: f32) -> f32 {
        if self.text.is_empty() {
            0.0
        } else {
            gain / (self.text.len() as f32).sqrt()
        }
    }

    /// The logit under `w` (without the shift).
    pub fn logit(&self, w: &Weights) -> f32 {
        let t: f32 = self.text.iter().map(|&b| w.w[b as usize]).sum();
        let f: f32 = self.fixed.iter().map(|&b| w.w[b as usize]).sum();
        f + t * self.scale(w.gain)
    }
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainParams {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad step size.
    pub rate: f32,
    /// L2 penalty per update on the weights touched.
    pub l2: f32,
    /// Weight of a legitimate example's loss relative to a scam's.
    pub legit_weight: f32,
    /// Shuffle seed.
    pub seed: u64,
    /// See `Weights::gain`.
    pub gain: f32,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            epochs: 25,
            rate: 0.1,
            l2: 1e-4,
            legit_weight: 1.0,
            seed: 7,
            gain: 4.0,
        }
    }
}

/// Logistic regression by AdaGrad over shuffled examples; deterministic for a given seed.
pub fn train(examples: &[&Example], p: TrainParams) -> Weights {
    let mut m = Weights {
        w: vec![0f32; BUCKETS],
        shift: [[0.0; 5]; 3],
        gain: p.gain,
    };
    let mut g2 = vec![1e-6f32; BUCKETS];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = p.seed.max(1);
    for _ in 0..p.epochs {
        for k in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(k, (rng % (k as u64 + 1)) as usize);
        }
        for &k in &order {
            let ex = examples[k];
            let z = ex.logit(&m);
            let y = if ex.scam { 1.0 } else { 0.0 };
            let pr = 1.0 / (1.0 + (-z).exp());
            let weight = if ex.scam { 1.0 } else { p.legit_weight };
            let g = (pr - y) * weight;
            let scale = ex.scale(p.gain);
            let w = &mut m.w;
            let mut step = |b: u32, x: f32| {
                let b = b as usize;
                let grad = g * x + p.l2 * w[b];
                g2[b] += grad * grad;
                w[b] -= p.rate * grad / g2[b].sqrt();
            };
            for &b in &ex.text {
                step(b, scale);
            }
            for &b in &ex.fixed {
                step(b, 1.0);
            }
        }
    }
    m
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn input<'a>(folded: &'a str, marks: &'a [Mark]) -> Input<'a> {
        Input {
            folded,
            marks,
            signals: &[],
            flags: &[],
            cats: &[],
            lang: "en",
            rule_score: 0,
        }
    }

    fn toks(folded: &str, marks: &[Mark]) -> Vec<String> {
        let i = input(folded, marks);
        let mut out = Vec::new();
        tokens(&i, &mut out);
        out.into_iter().map(|(_, _, t)| t.to_string()).collect()
    }

    #[test]
    fn marked_spans_and_numbers_are_read_as_placeholders() {
        let text = "odero: pay 25 azn at odero-bonus.com now, code 482913";
        let link = text.find("odero-bonus.com").unwrap();
        let marks = [
            (0, 5, "\u{1}biz"),
            (link, link + "odero-bonus.com".len(), "\u{1}link:risky"),
        ];
        assert_eq!(
            toks(text, &marks),
            [
                "\u{1}biz",
                "pay",
                "\u{1}num2",
                "azn",
                "at",
                "\u{1}link:risky",
                "now",
                "code",
                "\u{1}num6"
            ]
        );
        // Persian and Vietnamese words split on spaces and punctuation, not inside words
        // (digits arrive folded to ASCII).
        assert_eq!(toks("کد شما: 123", &[]), ["کد", "شما", "\u{1}num4"]);
        assert_eq!(
            toks("ma otp la 1234.", &[]),
            ["ma", "otp", "la", "\u{1}num4"]
        );
    }

    #[test]
    fn weights_survive_the_file_form_and_a_damaged_file_is_refused() {
        let mut w = Weights::zero();
        w.w[3] = 1.5;
        w.w[BUCKETS - 1] = -0.25;
        w.shift = [
            [-2.0, -1.0, 0.5, 1.0, 2.0],
            [-1.5, -0.5, 1.0, 1.5, 2.5],
            [-1.0, 0.0, 1.5, 2.0, 3.0],
        ];
        w.gain = 3.0;
        let b = w.to_bytes();
        let back = Weights::from_bytes(&b).unwrap();
        assert_eq!(back.w[3], 1.5);
        assert_eq!(back.w[BUCKETS - 1], -0.25);
        assert_eq!(back.shift, w.shift);
        assert_eq!(back.shift_for(0, "fa"), 0.5);
        assert_eq!(back.shift_for(2, "fa"), 1.5);
        assert_eq!(back.shift_for(1, "xx"), -1.5);
        assert_eq!(back.gain, 3.0);
        assert!(Weights::from_bytes(&b[..b.len() - 1]).is_none());
        let mut wrong = b.clone();
        wrong[0] = b'X';
        assert!(Weights::from_bytes(&wrong).is_none());
        let mut wide = b.clone();
        wide[4] = 20;
        assert!(Weights::from_bytes(&wide).is_none());
        // A distance that runs past the last bucket.
        let mut one = Weights::zero();
        one.w[BUCKETS - 1] = 1.0;
        let mut far = one.to_bytes();
        far[HEADER + 2] = 0x7f;
        assert!(Weights::from_bytes(&far).is_none());
        // Weights come back within the storage step.
        let mut fine = Weights::zero();
        fine.w[10] = 0.123_456;
        let back = Weights::from_bytes(&fine.to_bytes()).unwrap();
        assert!((back.w[10] - 0.123_456).abs() <= 0.5 / QUANTUM);
    }

    #[test]
    fn the_shipped_model_loads_and_has_weights() {
        let m = MODEL.as_ref().expect("data/message-model.bin is damaged");
        assert!(m.w.iter().filter(|w| **w != 0.0).count() > 10_000);
    }

    #[test]
    fn training_separates_two_kinds_of_text() {
        let mk = |folded: &str, scam: bool| {
            let i = input(folded, &[]);
            let mut ex = Example {
                text: vec![],
                fixed: vec![],
                scam,
                rule_score: 0,
                rule_codes: vec![],
            };
            let mut t = Vec::new();
            features(&i, &mut t, |b, src| match src {
                Source::Fixed => ex.fixed.push(b),
                _ => ex.text.push(b),
            });
            ex
        };
        let data = [
            mk("send the fee to claim your prize now", true),
            mk("pay the fee today and the prize is yours", true),
            mk("your order was delivered, thank you", false),
            mk("your parcel is on its way", false),
        ];
        let refs: Vec<&Example> = data.iter().collect();
        let w = train(&refs, TrainParams::default());
        assert!(data[0].logit(&w) > 0.0 && data[1].logit(&w) > 0.0);
        assert!(data[2].logit(&w) < 0.0 && data[3].logit(&w) < 0.0);
        let unseen = mk("a prize fee", true);
        assert!(unseen.logit(&w) > mk("order delivered", false).logit(&w));
    }
}
