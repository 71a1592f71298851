//! Display text for AWS managed policies, which are stored minified: re-indented token by
//! token (strings, numbers and duplicate keys kept exactly), with a map from each byte of the
//! stored text to the display text, so spans from the engine (which point into the stored
//! text) still land on the right characters.

/// A re-indented text and where each byte of the original went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pretty {
    /// The indented text.
    pub text: String,
    /// `map[i]`: the display offset of the original byte `i` (one entry past the end too).
    pub map: Vec<u32>,
}

impl Pretty {
    /// Maps a byte range of the original text to the display text (the end stays right after
    /// the range's last byte, not after the indentation that follows it).
    pub fn map_span(&self, (start, end): (u32, u32)) -> (u32, u32) {
        let at = |i: u32| {
            self.map
                .get(i as usize)
                .or(self.map.last())
                .copied()
                .unwrap_or(0)
        };
        if end <= start {
            return (at(start), at(start));
        }
        (at(start), at(end - 1) + 1)
    }
}

fn offset(out: &str) -> u32 {
    u32::try_from(out.len()).unwrap_or(u32::MAX)
}

/// Re-indents `text` with two spaces; `None` when it is not balanced JSON.
pub fn pretty(text: &str) -> Option<Pretty> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() * 2);
    let mut map = vec![0u32; text.len() + 1];
    let mut stack: Vec<u8> = Vec::new();
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if j >= bytes.len() {
                    return None;
                }
                let base = offset(&out);
                for (step, slot) in map[i..=j].iter_mut().enumerate() {
                    *slot = base + u32::try_from(step).unwrap_or(0);
                }
                out.push_str(text.get(i..=j)?);
                i = j + 1;
                continue;
            }
            b'{' | b'[' => {
                let close = if byte == b'{' { b'}' } else { b']' };
                let mut k = i + 1;
                while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                    k += 1;
                }
                map[i] = offset(&out);
                if bytes.get(k) == Some(&close) {
                    out.push(char::from(byte));
                    let here = offset(&out);
                    map[i + 1..=k].fill(here);
                    out.push(char::from(close));
                    i = k + 1;
                    continue;
                }
                out.push(char::from(byte));
                stack.push(close);
                newline(&mut out, stack.len());
            }
            b'}' | b']' => {
                if stack.pop() != Some(byte) {
                    return None;
                }
                newline(&mut out, stack.len());
                map[i] = offset(&out);
                out.push(char::from(byte));
            }
            b',' => {
                map[i] = offset(&out);
                out.push(',');
                newline(&mut out, stack.len());
            }
            b':' => {
                map[i] = offset(&out);
                out.push_str(": ");
            }
            _ if byte.is_ascii_whitespace() => map[i] = offset(&out),
            _ => {
                map[i] = offset(&out);
                // Multi-byte characters outside strings are copied byte by byte as text.
                let end = (i + 1..=bytes.len()).find(|&e| text.is_char_boundary(e))?;
                let base = offset(&out);
                for (step, slot) in map[i..end].iter_mut().enumerate() {
                    *slot = base + u32::try_from(step).unwrap_or(0);
                }
                out.push_str(text.get(i..end)?);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    if !stack.is_empty() {
        return None;
    }
    map[text.len()] = offset(&out);
    Some(Pretty { text: out, map })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_and_maps_spans() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":[]}]}"#;
        let p = pretty(text).unwrap();
        assert_eq!(
            p.text,
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:*\",\n      \"Resource\": []\n    }\n  ]\n}"
        );
        // The statement object keeps its bounds.
        let start = text.find("{\"Effect").unwrap();
        let end = text.len() - 2;
        let (from, to) = p.map_span((start as u32, end as u32));
        assert!(p.text[from as usize..to as usize].starts_with("{\n      \"Effect\""));
        assert!(p.text[from as usize..to as usize].ends_with("    }"));
        let action = text.find("\"s3:*\"").unwrap() as u32;
        let (from, to) = p.map_span((action, action + 6));
        assert_eq!(&p.text[from as usize..to as usize], "\"s3:*\"");
    }

    #[test]
    fn refuses_unbalanced_text_and_keeps_strings() {
        assert!(pretty("{\"a\": [1}").is_none());
        assert!(pretty("{\"a").is_none());
        let p = pretty("{\"k\":\"é \\\" ,{\"}").unwrap();
        assert_eq!(p.text, "{\n  \"k\": \"é \\\" ,{\"\n}");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::*;

        proptest::proptest! {
            #[test]
            fn never_panics_and_maps_inside_the_text(text in "[{}\\[\\],:\" a-z0-9é]{0,80}") {
                if let Some(p) = pretty(&text) {
                    proptest::prop_assert_eq!(p.map.len(), text.len() + 1);
                    proptest::prop_assert!(p.map.iter().all(|&m| m as usize <= p.text.len()));
                }
            }
        }
    }
}
