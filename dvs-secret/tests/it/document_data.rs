//! Property tests of the typed document data: `age_on` agrees with a plain year/month/day
//! computation over random dates, and no input string makes a document accessor panic.

use dvs_secret::{
    AgeError, Document, DocumentChecks, IdentityClaim, Policy, VerificationResult, age_on,
    names_match,
};
use dvs_secret::{Date, PersonName, read_date};
use proptest::prelude::*;

/// The age by the definition, with no calendar library: years between the two, less one
/// when the birthday (month, day) has not come yet this year. A 29 February birthday has not
/// come on 28 February, so it falls on 1 March in a common year, as `age_on` documents.
fn plain_age(birth: (i16, i8, i8), on: (i16, i8, i8)) -> i32 {
    let years = i32::from(on.0) - i32::from(birth.0);
    if (on.1, on.2) < (birth.1, birth.2) {
        years - 1
    } else {
        years
    }
}

fn any_date() -> impl Strategy<Value = Date> {
    // Every day from 1800-01-01 on, for about 400 years.
    (0i64..146_000).prop_map(|days| {
        let start = jiff::civil::date(1800, 1, 1);
        start
            .checked_add(jiff::Span::new().days(days))
            .unwrap_or(start)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn age_on_agrees_with_plain_year_month_day(birth in any_date(), on in any_date()) {
        let expected = plain_age(
            (birth.year(), birth.month(), birth.day()),
            (on.year(), on.month(), on.day()),
        );
        match age_on(birth, on) {
            Ok(age) => prop_assert_eq!(i32::from(age), expected),
            Err(AgeError::BornAfter) => prop_assert!(birth > on),
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }

    #[test]
    fn leap_day_births_agree_too(year in 1804i16..2196, on in any_date()) {
        // Only years divisible by 4 (and not by 100 unless by 400) have a 29 February.
        let year = year - year % 4;
        if let Ok(birth) = Date::new(year, 2, 29) {
            if let Ok(age) = age_on(birth, on) {
                prop_assert_eq!(i32::from(age), plain_age((year, 2, 29), (on.year(), on.month(), on.day())));
            }
        }
    }

    #[test]
    fn a_read_date_round_trips_through_its_forms(date in any_date()) {
        let (y, m, d) = (date.year(), date.month(), date.day());
        for text in [
            format!("{y:04}-{m:02}-{d:02}"),
            format!("{m:02}/{d:02}/{y:04}"),
            format!("{m}/{d}/{y}"),
            format!("{y:04}{m:02}{d:02}"),
            format!("{m:02}{d:02}{y:04}"),
            format!("{d:02}.{m:02}.{y:04}"),
            format!("{y:04}-{m:02}-{d:02}T12:34:56.789Z"),
            format!("{m}/{d}/{y} 12:00:00 AM"),
        ] {
            prop_assert_eq!(read_date(&text), Ok(date), "{}", text);
        }
    }

    #[test]
    fn no_string_makes_an_accessor_panic(text in any::<String>(), on in any_date()) {
        let _ = read_date(&text);
        let mut document = Document::default();
        for field in [
            &mut document.dob, &mut document.issued, &mut document.expires,
            &mut document.abbr_country, &mut document.abbr3_country, &mut document.gender,
            &mut document.full_name,
        ] {
            *field = Some(text.clone());
        }
        let _ = document.date_of_birth();
        let _ = document.issue_date();
        let _ = document.expiry_date();
        let _ = document.age_on(on);
        let _ = document.is_expired_on(on);
        let _ = document.issuing_country();
        let _ = document.gender_kind();
        if let Some(name) = document.person_name() {
            let _ = names_match(&name, &text);
        }
        let _ = names_match(&PersonName::from_full_name(&text), "Jane Sample");
        let _ = IdentityClaim::new().with_date_of_birth_text(&text);
    }

    #[test]
    fn no_date_like_string_makes_an_accessor_panic(
        text in "[0-9]{0,9}([-/. T][0-9]{0,5}){0,4}[ APMZ:+0-9]{0,12}",
        on in any_date(),
    ) {
        let _ = read_date(&text);
        let document: Document = serde_json::from_value(serde_json::json!({
            "dob": text, "issued": text, "expires": text,
        })).unwrap_or_default();
        let _ = document.age_on(on);
        let _ = document.is_expired_on(on);
        let body = serde_json::json!({"document": {"dob": text, "expires": text, "fullName": text}});
        let result = VerificationResult::parse_v4(body.to_string().into()).unwrap();
        let claim = IdentityClaim::new().with_name(text.clone());
        let _ = Policy::default().with_min_age(21).with_expiry_grace_days(u16::MAX)
            .decide_with_claim(&result, on, &claim);
    }
}
