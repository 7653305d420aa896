//! Identity match: does the name and date of birth on the document match what the user
//! typed ([`IdentityClaim`])? The rule is [`names_match`]'s.

use std::fmt;

use icu_normalizer::DecomposingNormalizerBorrowed;

use dvs_core::{Date, DateError, PersonName, read_date};

/// What a user claims to be: the name and/or date of birth they typed. **PII**: `Debug`
/// shows which parts are present, never their values.
///
/// ```
/// use dvs_secret::IdentityClaim;
/// let claim = IdentityClaim::new().with_name("Jane Sample").with_date_of_birth_text("1990-01-31")?;
/// assert!(!format!("{claim:?}").contains("Jane"));
/// # Ok::<(), dvs_secret::DateError>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct IdentityClaim {
    name: Option<String>,
    date_of_birth: Option<Date>,
}

impl IdentityClaim {
    /// A claim of nothing yet; add the name and/or the date of birth.
    pub fn new() -> Self {
        IdentityClaim::default()
    }

    /// The full name as the user typed it, in any order (`Jane Q. Sample`, `Sample, Jane`).
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.name = (!name.trim().is_empty()).then_some(name);
        self
    }

    /// The date of birth.
    #[must_use]
    pub fn with_date_of_birth(mut self, date: Date) -> Self {
        self.date_of_birth = Some(date);
        self
    }

    /// The date of birth as typed, read by [`read_date`] (ISO, US `MM/DD/YYYY`, …).
    pub fn with_date_of_birth_text(self, text: &str) -> Result<Self, DateError> {
        Ok(self.with_date_of_birth(read_date(text)?))
    }

    /// The claimed name, if any.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The claimed date of birth, if any.
    pub fn date_of_birth(&self) -> Option<Date> {
        self.date_of_birth
    }

    /// `true` when the claim holds neither a name nor a date of birth.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.date_of_birth.is_none()
    }
}

impl fmt::Debug for IdentityClaim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdentityClaim")
            .field("name", &self.name.is_some())
            .field("date_of_birth", &self.date_of_birth.is_some())
            .finish()
    }
}

/// Whether the name on a document matches a name a user typed.
///
/// **The rule.** Both names are first *folded*: accents removed (Unicode canonical
/// decomposition, combining marks dropped; `ß`→`ss`, `æ`→`ae`, `ø`→`o`, `œ`→`oe`, `ł`→`l`,
/// `đ`→`d`, `þ`→`th`, `ı`→`i`), lower-cased, apostrophes removed (`O'Brien` = `OBrien`),
/// hyphens, dots, commas and other punctuation turned into spaces, then split into words.
/// Generational suffixes (`JR`, `SR`, `II`, `III`, `IV`, `2ND`, `3RD`, `4TH`) are dropped on
/// both sides: documents and people write them inconsistently (the date of birth tells a
/// father from his son). Then the names match when:
///
/// 1. the document's **first given name** appears in full among the typed words, and
/// 2. the document's **family name** (all its words) appears among the typed words as
///    consecutive words, or written together (`Smith-Jones` = `Smith Jones` = `SmithJones`),
///
/// in any order, so `Sample Jane` and `Sample, Jane` match `JANE SAMPLE`; and
/// 3. the **middle names** agree: of the leftover words on the two sides (the document's
///    middle names, the user's other words), each word of the side with fewer must agree
///    with a different word of the other side, where a word agrees with the same word or
///    with its initial (`Q` agrees with `Quinn`). So either side may leave middle names out,
///    but `Jane Q Sample` does not match `Jane R Sample`.
///
/// Not matched: nicknames (`Bob` for `Robert`), a first name given only as an initial,
/// a family name given in part (`Garcia` for `GARCIA LOPEZ`), misspellings.
///
/// ```
/// use dvs_secret::names_match;
/// use dvs_secret::PersonName;
/// let on_document = PersonName::from_full_name("O'BRIEN-SMITH, JOSÉ MARÍA JR");
/// assert!(names_match(&on_document, "jose m obrien smith"));
/// assert!(names_match(&on_document, "O'Brien-Smith, José"));
/// assert!(!names_match(&on_document, "Jose Smith"));
/// ```
pub fn names_match(document: &PersonName, typed: &str) -> bool {
    let mut given = words(&document.given_names.join(" ")).into_iter();
    let family = document
        .family_name
        .as_deref()
        .map(words)
        .unwrap_or_default();
    let Some(first) = given.next() else {
        return false;
    };
    let middles: Vec<String> = given.collect();
    let mut claimed: Vec<Option<String>> = words(typed).into_iter().map(Some).collect();
    if !take_run(&mut claimed, &first) {
        return false;
    }
    if !family.is_empty() && !take_run(&mut claimed, &family.concat()) {
        return false;
    }
    let leftover: Vec<String> = claimed.into_iter().flatten().collect();
    middles_agree(&middles, &leftover)
}

/// Removes from `words` a run of consecutive words that, written together, is `target`.
fn take_run(words: &mut [Option<String>], target: &str) -> bool {
    for start in 0..words.len() {
        let mut joined = String::new();
        for end in start..words.len() {
            let Some(word) = words.get(end).and_then(Option::as_deref) else {
                break;
            };
            joined.push_str(word);
            if joined == target {
                for slot in words.iter_mut().take(end + 1).skip(start) {
                    *slot = None;
                }
                return true;
            }
            if !target.starts_with(&joined) {
                break;
            }
        }
    }
    false
}

/// Each word of the shorter list agrees with a different word of the longer one: exact
/// matches are paired first, then initials.
fn middles_agree(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut used = vec![false; long.len()];
    let mut pending = Vec::new();
    for word in short {
        match long
            .iter()
            .zip(used.iter_mut())
            .find(|(other, used)| !**used && *other == word)
        {
            Some((_, used)) => *used = true,
            None => pending.push(word),
        }
    }
    pending.into_iter().all(|word| {
        long.iter()
            .zip(used.iter_mut())
            .find(|(other, used)| !**used && initial_agrees(word, other))
            .map(|(_, used)| *used = true)
            .is_some()
    })
}

fn initial_agrees(a: &str, b: &str) -> bool {
    let initial = |w: &str| w.chars().count() == 1;
    (initial(a) && b.starts_with(a)) || (initial(b) && a.starts_with(b))
}

/// Folds a name and splits it into words, without generational suffixes.
fn words(text: &str) -> Vec<String> {
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(text);
    let mut folded = String::with_capacity(decomposed.len());
    for c in decomposed.chars().flat_map(char::to_lowercase) {
        match c {
            _ if is_combining_mark(c) => {}
            '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => {}
            'ß' => folded.push_str("ss"),
            'æ' => folded.push_str("ae"),
            'œ' => folded.push_str("oe"),
            'ø' => folded.push('o'),
            'ł' => folded.push('l'),
            'đ' => folded.push('d'),
            'þ' => folded.push_str("th"),
            'ı' => folded.push('i'),
            c if c.is_alphanumeric() => folded.push(c),
            _ => folded.push(' '),
        }
    }
    folded
        .split_whitespace()
        .filter(|word| !PersonName::is_suffix(word))
        .map(str::to_owned)
        .collect()
}

/// Combining marks of the Unicode blocks that hold the diacritics of Latin, Greek and
/// Cyrillic names after canonical decomposition.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name on the document, name typed, expected, why).
    const PAIRS: &[(&str, &str, bool, &str)] = &[
        (
            "JANE Q SAMPLE",
            "Jane Q Sample",
            true,
            "same words, case differs",
        ),
        (
            "JANE Q SAMPLE",
            "jane sample",
            true,
            "the user may leave the middle initial out",
        ),
        (
            "JANE SAMPLE",
            "Jane Quinn Sample",
            true,
            "the document may leave the middle name out",
        ),
        (
            "JANE Q SAMPLE",
            "Jane Quinn Sample",
            true,
            "an initial agrees with a name starting with it",
        ),
        (
            "JANE QUINN SAMPLE",
            "Jane Q. Sample",
            true,
            "an initial with a dot",
        ),
        (
            "JANE QUINN SAMPLE",
            "Jane R Sample",
            false,
            "middle initial R disagrees with Quinn",
        ),
        (
            "JANE Q SAMPLE",
            "Jane R Sample",
            false,
            "middle initials disagree",
        ),
        (
            "JANE QUINN MARIE SAMPLE",
            "Jane Marie Sample",
            true,
            "one of two middle names given",
        ),
        (
            "JANE QUINN MARIE SAMPLE",
            "Jane M Q Sample",
            true,
            "both middle initials, other order",
        ),
        (
            "JANE SAMPLE",
            "Sample Jane",
            true,
            "swapped given/family order",
        ),
        (
            "JANE SAMPLE",
            "Sample, Jane",
            true,
            "family-comma-given order",
        ),
        (
            "SAMPLE, JANE Q",
            "Jane Q Sample",
            true,
            "document in family-comma-given form",
        ),
        ("JOSÉ GARCÍA", "Jose Garcia", true, "accents are ignored"),
        (
            "JOSE GARCIA",
            "José García",
            true,
            "accents are ignored the other way too",
        ),
        (
            "ZOË BJØRN",
            "Zoe Bjorn",
            true,
            "ø folds to o, diaeresis dropped",
        ),
        ("JÜRGEN STRAẞE", "Jurgen Strasse", true, "ß folds to ss"),
        (
            "SEAN O'BRIEN",
            "Sean OBrien",
            true,
            "apostrophes are removed",
        ),
        (
            "SEAN O'BRIEN",
            "Sean O’Brien",
            true,
            "typographic apostrophe",
        ),
        (
            "SEAN O'BRIEN",
            "Sean O Brien",
            true,
            "a family name written apart",
        ),
        (
            "ANNA SMITH-JONES",
            "Anna Smith Jones",
            true,
            "hyphen equals a space",
        ),
        (
            "ANNA SMITH-JONES",
            "Anna SmithJones",
            true,
            "hyphenated name written together",
        ),
        (
            "ANNA SMITH-JONES",
            "Anna Smith",
            false,
            "only part of the family name",
        ),
        (
            "SMITH JONES, ANNA",
            "Anna Jones Smith",
            false,
            "family name words out of order",
        ),
        (
            "JOHN SMITH JR",
            "John Smith",
            true,
            "suffix JR ignored on the document",
        ),
        (
            "JOHN SMITH",
            "John Smith III",
            true,
            "suffix III ignored in the claim",
        ),
        (
            "JOHN SMITH JR",
            "John Smith Sr.",
            true,
            "suffixes are ignored entirely",
        ),
        (
            "JOHN V SMITH",
            "John Smith",
            true,
            "V is a middle initial, not a suffix",
        ),
        (
            "JOHN V SMITH",
            "John W Smith",
            false,
            "V is kept as an initial and disagrees",
        ),
        (
            "ROBERT SMITH",
            "Bob Smith",
            false,
            "nicknames are not matched",
        ),
        (
            "JANE SAMPLE",
            "J Sample",
            false,
            "the first name must be given in full",
        ),
        (
            "JANE SAMPLE",
            "Jane Simple",
            false,
            "a different family name",
        ),
        (
            "JANE SAMPLE",
            "Janet Sample",
            false,
            "a different first name",
        ),
        ("JANE SAMPLE", "Sample", false, "no first name"),
        ("JANE SAMPLE", "", false, "nothing typed"),
        (
            "JANE SAMPLE",
            "Jane Sample Sample",
            true,
            "a repeated family name is a leftover word",
        ),
        (
            "GARCIA LOPEZ, MARIA",
            "María García López",
            true,
            "two-word family name with accents",
        ),
        (
            "GARCIA LOPEZ, MARIA",
            "Maria Garcia",
            false,
            "two-word family name given in part",
        ),
        ("MADONNA", "Madonna", true, "a single name"),
        (
            "MADONNA",
            "Madonna Ciccone",
            true,
            "extra words when the document has no middle names",
        ),
        ("JANE SAMPLE", "jane  sample ", true, "extra spaces"),
        (
            "ZHANG WEI",
            "Wei Zhang",
            true,
            "swapped order of a two-word name",
        ),
    ];

    #[test]
    fn name_pairs() {
        assert!(PAIRS.len() >= 30);
        for (document, typed, expected, why) in PAIRS {
            let name = PersonName::from_full_name(document);
            assert_eq!(
                names_match(&name, typed),
                *expected,
                "{document:?} vs {typed:?}: {why}"
            );
        }
    }

    #[test]
    fn structured_names() {
        let name = PersonName::from_parts(
            vec!["Mary".into(), "Ann".into()],
            Some("Van der Berg".into()),
            None,
        );
        assert!(names_match(&name, "Mary Van Der Berg"));
        assert!(names_match(&name, "Vanderberg Mary A"));
        assert!(!names_match(&name, "Mary Berg"));
        assert!(!names_match(&PersonName::default(), "Mary"));
    }
}
