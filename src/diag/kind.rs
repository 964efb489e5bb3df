//! What can be wrong with an input: one kind per problem, worded in one
//! place (this `Display`), so the same problem always reads the same way.

use std::fmt;

use super::did_you_mean;

/// At most this many candidates are listed in "expected one of".
const LIST_MAX: usize = 12;

/// One kind of problem in the input, with what is needed to word it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// The file is not valid TOML or JSON.
    Syntax {
        /// `TOML` or `JSON`.
        format: &'static str,
        /// The parser's words.
        message: String,
    },
    /// The file is not UTF-8.
    InvalidUtf8 {
        /// Offset of the first invalid byte.
        byte: usize,
    },
    /// The file cannot be read.
    Unreadable {
        /// The system's words.
        reason: String,
    },
    /// A key the table does not take.
    UnknownField {
        /// The key.
        field: String,
        /// The keys the table takes.
        expected: Vec<String>,
    },
    /// Required keys absent from a table.
    MissingFields {
        /// The absent keys.
        fields: Vec<String>,
    },
    /// A value of the wrong type.
    WrongType {
        /// What was found, e.g. "a string `\"first\"`".
        found: String,
        /// What is expected, e.g. "an integer".
        expected: String,
    },
    /// A word outside a closed list (an enum, a scale, a level).
    UnknownWord {
        /// What the word names: "value", "likelihood", "level"...
        what: String,
        /// The word.
        word: String,
        /// The words allowed.
        expected: Vec<String>,
    },
    /// A number outside the range its field takes.
    OutOfRange {
        /// The number.
        value: String,
        /// The smallest allowed.
        min: String,
        /// The largest allowed.
        max: String,
    },
    /// A value the field's own parser refused (dates, windows).
    Invalid {
        /// The parser's words.
        message: String,
    },
    /// An id that is not a slug.
    BadId {
        /// What the id names.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// An id defined twice.
    Duplicate {
        /// What the id names.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A reference to an id that is not defined.
    UnknownReference {
        /// What the id names.
        what: &'static str,
        /// The id.
        id: String,
        /// The ids defined.
        known: Vec<String>,
    },
    /// Any other rule of the input format, worded where it is checked.
    Rule {
        /// The message.
        message: String,
    },
}

impl Kind {
    /// A problem checked by a rule with no kind of its own.
    pub fn rule(message: impl Into<String>) -> Kind {
        Kind::Rule {
            message: message.into(),
        }
    }
}

fn list(items: &[String]) -> String {
    let mut out = items
        .iter()
        .take(LIST_MAX)
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > LIST_MAX {
        out.push_str(&format!(" and {} more", items.len() - LIST_MAX));
    }
    out
}

/// "expected one of …" and a suggestion: a case hint when only the case
/// differs, a did-you-mean when a close word means the same kind of thing.
fn expected_one_of(f: &mut fmt::Formatter<'_>, word: &str, expected: &[String]) -> fmt::Result {
    if expected.is_empty() {
        return Ok(());
    }
    write!(f, "; expected one of {}", list(expected))?;
    if let Some(same) = expected.iter().find(|e| e.eq_ignore_ascii_case(word)) {
        write!(f, " (case matters: did you mean `{same}`?)")
    } else if let Some(best) = did_you_mean(word, expected.iter().map(String::as_str)) {
        write!(f, " (did you mean `{best}`?)")
    } else {
        Ok(())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Syntax { format, message } => write!(f, "invalid {format}: {message}"),
            Kind::InvalidUtf8 { byte } => write!(
                f,
                "invalid UTF-8 at byte {byte}: input files must be UTF-8 text"
            ),
            Kind::Unreadable { reason } => write!(f, "cannot read: {reason}"),
            Kind::UnknownField { field, expected } => {
                write!(f, "unknown field `{field}`")?;
                if expected.is_empty() {
                    f.write_str("; this table takes no fields")
                } else {
                    expected_one_of(f, field, expected)
                }
            }
            Kind::MissingFields { fields } => match fields.as_slice() {
                [one] => write!(f, "missing field `{one}`"),
                _ => write!(f, "missing fields {}", list(fields)),
            },
            Kind::WrongType { found, expected } => {
                write!(f, "wrong type: found {found}, expected {expected}")
            }
            Kind::UnknownWord {
                what,
                word,
                expected,
            } => {
                write!(f, "unknown {what} `{word}`")?;
                if expected.is_empty() {
                    write!(f, "; no {what} is defined")
                } else {
                    expected_one_of(f, word, expected)
                }
            }
            Kind::OutOfRange { value, min, max } => {
                write!(f, "{value} is out of range: expected {min} to {max}")
            }
            Kind::Invalid { message } | Kind::Rule { message } => f.write_str(message),
            Kind::BadId { what, id } => write!(
                f,
                "invalid {what} id `{id}`: expected lowercase letters, digits, `-`, `_` or `.`, starting with a letter or digit"
            ),
            Kind::Duplicate { what, id } => write!(f, "duplicate {what} id `{id}`"),
            Kind::UnknownReference { what, id, known } => {
                write!(f, "unknown {what} `{id}`")?;
                let best = did_you_mean(id, known.iter().map(String::as_str));
                match best {
                    _ if known.is_empty() => write!(f, "; no {what} is defined"),
                    // A long list helps less than a good guess.
                    Some(best) if known.len() > LIST_MAX => {
                        write!(f, " (did you mean `{best}`?)")
                    }
                    _ => expected_one_of(f, id, known),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn suggestions_hints_and_lists() {
        let likelihood = words(&["rare", "low", "medium", "likely", "certain"]);
        let k = |word: &str| Kind::UnknownWord {
            what: "likelihood".into(),
            word: word.into(),
            expected: likelihood.clone(),
        };
        assert_eq!(
            k("unlikely").to_string(),
            "unknown likelihood `unlikely`; expected one of `rare`, `low`, `medium`, `likely`, `certain`"
        );
        assert_eq!(
            k("MEDIUM").to_string(),
            "unknown likelihood `MEDIUM`; expected one of `rare`, `low`, `medium`, `likely`, `certain` (case matters: did you mean `medium`?)"
        );
        assert_eq!(
            k("likley").to_string(),
            "unknown likelihood `likley`; expected one of `rare`, `low`, `medium`, `likely`, `certain` (did you mean `likely`?)"
        );
        let none = Kind::UnknownWord {
            what: "level".into(),
            word: "x".into(),
            expected: vec![],
        };
        assert_eq!(none.to_string(), "unknown level `x`; no level is defined");
        let many = Kind::UnknownReference {
            what: "finding",
            id: "zz".into(),
            known: (0..20).map(|i| format!("f{i}")).collect(),
        };
        assert!(many.to_string().ends_with("`f11` and 8 more"), "{many}");
        let guessed = Kind::UnknownReference {
            what: "finding",
            id: "f1y".into(),
            known: (0..20).map(|i| format!("f{i}x")).collect(),
        };
        assert_eq!(
            guessed.to_string(),
            "unknown finding `f1y` (did you mean `f1x`?)"
        );
    }
}
