//! Field kinds of the catalogue and the parsing of values into their stored form.
//!
//! Parse, don't validate: a value that comes out of [`FieldKind::parse`] is in its
//! canonical form (an email lower-cased in its domain, a phone in E.164, a date as
//! YYYY-MM-DD) and has passed the card-number guard.

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use crate::card;

/// The kind of a catalogue field: decides how a value is checked and normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text on one line (a name).
    Text,
    /// An email address.
    Email,
    /// A telephone number, stored in E.164.
    Phone,
    /// A calendar date, stored as YYYY-MM-DD (Gregorian).
    Date,
    /// A postal address, possibly on several lines.
    Address,
    /// A postal code.
    PostalCode,
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// A username chosen by the customer.
    Username,
}

/// Why a value does not fit its field. Never carries the value itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldValueError {
    /// Nothing but white space.
    #[error("is empty; give a value or leave the field out")]
    Empty,
    /// Longer than the kind allows.
    #[error("is too long; at most {0} characters are accepted")]
    TooLong(usize),
    /// Holds control characters.
    #[error("contains control characters; remove them")]
    ControlCharacters,
    /// Not an email address.
    #[error("is not a valid email address; it should look like name@example.com")]
    BadEmail,
    /// Not a telephone number.
    #[error("is not a valid phone number; give it with the country code, like +994 50 123 45 67")]
    BadPhone,
    /// Not a real date.
    #[error("is not a valid date; use YYYY-MM-DD, for example 1990-03-15")]
    BadDate,
    /// A date after today.
    #[error("is in the future; give a past date")]
    FutureDate,
    /// Implausibly old.
    #[error("is before 1900-01-01; check the year")]
    AncientDate,
    /// Not a postal code.
    #[error("is not a valid postal code; use 2-12 letters, digits, spaces or dashes")]
    BadPostalCode,
    /// Not a country code.
    #[error("is not a country code; use the two-letter ISO 3166 code, like AZ")]
    BadCountry,
    /// Not an acceptable username.
    #[error("is not a valid username; use 3-64 letters, digits, dots, dashes or underscores")]
    BadUsername,
    /// The card-number guard refused it.
    #[error("{0}")]
    CardNumber(#[from] card::CardNumberRefused),
}

impl FieldValueError {
    /// A stable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            FieldValueError::CardNumber(_) => "card_number_refused",
            _ => "invalid_field_value",
        }
    }
}

impl FieldKind {
    /// The kind's name as written in the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Email => "email",
            FieldKind::Phone => "phone",
            FieldKind::Date => "date",
            FieldKind::Address => "address",
            FieldKind::PostalCode => "postal_code",
            FieldKind::Country => "country",
            FieldKind::Username => "username",
        }
    }

    /// Parses `raw` into its canonical stored form.
    /// `region` is the default phone region (ISO alpha-2), `today` bounds dates.
    pub fn parse(
        self,
        raw: &str,
        region: &str,
        today: NaiveDate,
    ) -> Result<String, FieldValueError> {
        let value: String = raw.nfc().collect::<String>().trim().to_owned();
        if value.is_empty() {
            return Err(FieldValueError::Empty);
        }
        if self != FieldKind::Phone {
            card::guard(&value)?;
        }
        match self {
            FieldKind::Text => single_line(value, 200),
            FieldKind::Address => multi_line(value, 500),
            FieldKind::Email => parse_email(&value),
            FieldKind::Phone => parse_phone(&value, region),
            FieldKind::Date => parse_date(&value, today),
            FieldKind::PostalCode => parse_postal_code(&value),
            FieldKind::Country => parse_country(&value),
            FieldKind::Username => parse_username(&value),
        }
    }

    /// The normalised form a blind index is computed over, for the kinds that have one.
    /// Applied to a value already returned by [`FieldKind::parse`].
    pub fn index_form(self, canonical: &str) -> Option<String> {
        match self {
            FieldKind::Email => Some(canonical.nfkc().collect::<String>().to_lowercase()),
            FieldKind::Phone => Some(canonical.to_owned()),
            FieldKind::Username => Some(casefold(canonical)),
            _ => None,
        }
    }
}

fn casefold(s: &str) -> String {
    s.nfkc().collect::<String>().to_lowercase()
}

fn single_line(value: String, max: usize) -> Result<String, FieldValueError> {
    if value.chars().any(char::is_control) {
        return Err(FieldValueError::ControlCharacters);
    }
    if value.chars().count() > max {
        return Err(FieldValueError::TooLong(max));
    }
    Ok(value)
}

fn multi_line(value: String, max: usize) -> Result<String, FieldValueError> {
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldValueError::ControlCharacters);
    }
    if value.chars().count() > max {
        return Err(FieldValueError::TooLong(max));
    }
    Ok(value)
}

/// Accepts the addresses people really use (RFC 5321 lengths, dot-atom local parts,
/// internationalised domains) and refuses what no mail system would deliver.
pub fn parse_email(value: &str) -> Result<String, FieldValueError> {
    if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(FieldValueError::BadEmail);
    }
    let (local, domain) = value.rsplit_once('@').ok_or(FieldValueError::BadEmail)?;
    if local.is_empty()
        || local.len() > 64
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || local.contains('@')
        || local.chars().any(|c| {
            c.is_ascii() && !(c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
        })
    {
        return Err(FieldValueError::BadEmail);
    }
    let domain = domain.to_lowercase();
    if !is_domain(&domain) {
        return Err(FieldValueError::BadEmail);
    }
    Ok(format!("{local}@{domain}"))
}

/// A host name of at least two labels: letters (any script), digits and inner dashes;
/// the last label is not all digits.
pub fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.chars().count() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()))
}

/// Parses a telephone number given in international or national form into E.164.
pub fn parse_phone(value: &str, region: &str) -> Result<String, FieldValueError> {
    let ascii: String = value
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            other => other,
        })
        .collect();
    if ascii
        .chars()
        .any(|c| !(c.is_ascii_digit() || " +-().".contains(c)))
    {
        return Err(FieldValueError::BadPhone);
    }
    let country = region.parse::<phonenumber::country::Id>().ok();
    let number = phonenumber::parse(country, &ascii).map_err(|_| FieldValueError::BadPhone)?;
    if !phonenumber::is_valid(&number) {
        return Err(FieldValueError::BadPhone);
    }
    Ok(number.format().mode(phonenumber::Mode::E164).to_string())
}

/// The country (ISO 3166 alpha-2) of a number already in E.164.
pub fn phone_region(e164: &str) -> Option<String> {
    let number = phonenumber::parse(None, e164).ok()?;
    number.country().id().map(|id| format!("{id:?}"))
}

fn parse_date(value: &str, today: NaiveDate) -> Result<String, FieldValueError> {
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(FieldValueError::BadDate);
    }
    let date =
        NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| FieldValueError::BadDate)?;
    if date > today {
        return Err(FieldValueError::FutureDate);
    }
    if date < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err(FieldValueError::AncientDate);
    }
    Ok(date.format("%Y-%m-%d").to_string())
}

fn parse_postal_code(value: &str) -> Result<String, FieldValueError> {
    let n = value.chars().count();
    let ok = (2..=12).contains(&n)
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        && value.chars().any(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(value.to_ascii_uppercase())
    } else {
        Err(FieldValueError::BadPostalCode)
    }
}

fn parse_country(value: &str) -> Result<String, FieldValueError> {
    let upper = value.to_ascii_uppercase();
    if upper.len() == 2
        && upper.bytes().all(|b| b.is_ascii_uppercase())
        && upper.parse::<phonenumber::country::Id>().is_ok()
    {
        Ok(upper)
    } else {
        Err(FieldValueError::BadCountry)
    }
}

fn parse_username(value: &str) -> Result<String, FieldValueError> {
    let v: String = value.nfkc().collect();
    let n = v.chars().count();
    if !(3..=64).contains(&n)
        || !v
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '_' || c == '-')
    {
        return Err(FieldValueError::BadUsername);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_region_names_the_country() {
        assert_eq!(phone_region("+994501234567").as_deref(), Some("AZ"));
        assert_eq!(phone_region("+989121234567").as_deref(), Some("IR"));
        assert_eq!(phone_region("+84912345678").as_deref(), Some("VN"));
        assert_eq!(phone_region("not a number"), None);
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default()
    }

    #[test]
    fn emails_are_canonical_and_bad_ones_refused() {
        let k = FieldKind::Email;
        assert_eq!(
            k.parse(" Leyla@Odero.AZ ", "AZ", today()).as_deref(),
            Ok("Leyla@odero.az")
        );
        assert_eq!(
            k.index_form("Leyla@odero.az").as_deref(),
            Some("leyla@odero.az")
        );
        for bad in [
            "leyla",
            "leyla@",
            "@odero.az",
            "a b@odero.az",
            "x@odero",
            "x@.az",
            "x..y@a.az",
        ] {
            assert_eq!(
                k.parse(bad, "AZ", today()),
                Err(FieldValueError::BadEmail),
                "{bad}"
            );
        }
        assert!(k.parse("nguyễn@ví-dụ.vn", "VN", today()).is_ok());
    }

    #[test]
    fn phones_become_e164_in_the_default_region() {
        let k = FieldKind::Phone;
        assert_eq!(
            k.parse("050 123 45 67", "AZ", today()).as_deref(),
            Ok("+994501234567")
        );
        assert_eq!(
            k.parse("+98 912 345 6789", "AZ", today()).as_deref(),
            Ok("+989123456789")
        );
        assert_eq!(
            k.parse("۰۹۱۲۳۴۵۶۷۸۹", "IR", today()).as_deref(),
            Ok("+989123456789")
        );
        assert_eq!(k.parse("12", "AZ", today()), Err(FieldValueError::BadPhone));
        assert_eq!(
            k.parse("call me", "AZ", today()),
            Err(FieldValueError::BadPhone)
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        let k = FieldKind::Date;
        assert_eq!(
            k.parse("1990-03-15", "AZ", today()).as_deref(),
            Ok("1990-03-15")
        );
        assert_eq!(
            k.parse("1990-02-30", "AZ", today()),
            Err(FieldValueError::BadDate)
        );
        assert_eq!(
            k.parse("15.03.1990", "AZ", today()),
            Err(FieldValueError::BadDate)
        );
        assert_eq!(
            k.parse("2030-01-01", "AZ", today()),
            Err(FieldValueError::FutureDate)
        );
        assert_eq!(
            k.parse("1800-01-01", "AZ", today()),
            Err(FieldValueError::AncientDate)
        );
    }

    #[test]
    fn card_numbers_are_refused_in_free_text() {
        let err = FieldKind::Address.parse("Baku, 4111 1111 1111 1111", "AZ", today());
        assert!(matches!(err, Err(FieldValueError::CardNumber(_))));
    }

    #[test]
    fn usernames_fold_for_lookup() {
        let k = FieldKind::Username;
        assert_eq!(
            k.parse("Şəmsi_90", "AZ", today()).as_deref(),
            Ok("Şəmsi_90")
        );
        assert_eq!(k.index_form("Şəmsi_90").as_deref(), Some("şəmsi_90"));
        assert_eq!(
            k.parse("a b", "AZ", today()),
            Err(FieldValueError::BadUsername)
        );
    }

    #[test]
    fn countries_and_postal_codes() {
        assert_eq!(
            FieldKind::Country.parse("az", "AZ", today()).as_deref(),
            Ok("AZ")
        );
        assert_eq!(
            FieldKind::Country.parse("XX", "AZ", today()),
            Err(FieldValueError::BadCountry)
        );
        assert_eq!(
            FieldKind::PostalCode
                .parse("az1000", "AZ", today())
                .as_deref(),
            Ok("AZ1000")
        );
        assert_eq!(
            FieldKind::PostalCode.parse("!!", "AZ", today()),
            Err(FieldValueError::BadPostalCode)
        );
    }
}
