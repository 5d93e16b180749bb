//! A birth date written every common way, in the calendars our customers live
//! in: Gregorian, Persian (Solar Hijri, Iran's civil calendar) and Islamic
//! (Hijri) in its two common forms, the tabular civil calendar and Umm al-Qura
//! (Saudi Arabia, used across the Gulf). Numeric forms are digits only: the
//! password is compared with separators removed and Persian (۰-۹) and
//! Arabic-Indic (٠-٩) digits read as 0-9, so "۱۳۶۸/۱۲/۲۴" meets "13681224".
//! Forms with the month spelled out ("15march1990", "۲۴اسفند") are matched
//! like names.

use chrono::{Datelike, NaiveDate};

use crate::normalize::{self, Squeeze};
use icu_calendar::Date;
use icu_calendar::cal::hijri::{TabularAlgorithmEpoch, TabularAlgorithmLeapYears};
use icu_calendar::cal::{Hijri, Persian};

/// The calendars a birth date is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Calendar {
    Gregorian,
    Persian,
    Hijri,
}

/// A day in one calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ymd {
    pub calendar: Calendar,
    /// A Hijri date of the day before or after the birth date.
    pub shifted: bool,
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// The birth date in each calendar: Gregorian first, then Persian, then the
/// Hijri forms (duplicates removed). Hijri dates follow the moon as seen
/// locally, so Oman or Iran may be a day off from Umm al-Qura or the tabular
/// calendar: the Hijri dates of the day before and after are included too.
pub(crate) fn in_all_calendars(date: NaiveDate) -> Vec<Ymd> {
    let mut out = vec![Ymd {
        calendar: Calendar::Gregorian,
        shifted: false,
        year: date.year(),
        month: date.month() as u8,
        day: date.day() as u8,
    }];
    let mut push = |calendar: Calendar, shifted: bool, year: i32, month: u8, day: u8| {
        let ymd = Ymd {
            calendar,
            shifted,
            year,
            month,
            day,
        };
        let same = |o: &Ymd| (o.calendar, o.year, o.month, o.day) == (calendar, year, month, day);
        if !out.iter().any(same) {
            out.push(ymd);
        }
    };
    let gregorian =
        |d: NaiveDate| Date::try_new_gregorian(d.year(), d.month() as u8, d.day() as u8).ok();
    let Some(greg) = gregorian(date) else {
        return out;
    };
    let persian = greg.to_calendar(Persian);
    push(
        Calendar::Persian,
        false,
        persian.year().extended_year(),
        persian.month().ordinal,
        persian.day_of_month().0,
    );
    let near = [
        (Some(date), false),
        (date.pred_opt(), true),
        (date.succ_opt(), true),
    ];
    for (g, shifted) in near
        .into_iter()
        .filter_map(|(d, s)| d.and_then(gregorian).map(|g| (g, s)))
    {
        // The civil tabular Hijri calendar (Friday epoch, the usual leap rule).
        let civil = g.to_calendar(Hijri::new_tabular(
            TabularAlgorithmLeapYears::TypeII,
            TabularAlgorithmEpoch::Friday,
        ));
        push(
            Calendar::Hijri,
            shifted,
            civil.year().extended_year(),
            civil.month().ordinal,
            civil.day_of_month().0,
        );
        let uaq = g.to_calendar(Hijri::new_umm_al_qura());
        push(
            Calendar::Hijri,
            shifted,
            uaq.year().extended_year(),
            uaq.month().ordinal,
            uaq.day_of_month().0,
        );
    }
    out
}

/// Month names people spell out, per calendar, as written in a password
/// (English, Azerbaijani and Vietnamese for Gregorian months; Latin and native
/// script for Persian and Hijri months).
fn month_names(calendar: Calendar, month: u8) -> &'static [&'static str] {
    const GREGORIAN: [&[&str]; 12] = [
        &["january", "jan", "yanvar", "يناير", "thang1"],
        &["february", "feb", "fevral", "فبراير", "thang2"],
        &["march", "mar", "mart", "مارس", "thang3"],
        &["april", "apr", "aprel", "أبريل", "thang4"],
        &["may", "mai", "مايو", "thang5"],
        &["june", "jun", "iyun", "يونيو", "thang6"],
        &["july", "jul", "iyul", "يوليو", "thang7"],
        &["august", "aug", "avqust", "أغسطس", "thang8"],
        &["september", "sep", "sentyabr", "سبتمبر", "thang9"],
        &["october", "oct", "oktyabr", "أكتوبر", "thang10"],
        &["november", "nov", "noyabr", "نوفمبر", "thang11"],
        &["december", "dec", "dekabr", "ديسمبر", "thang12"],
    ];
    const PERSIAN: [&[&str]; 12] = [
        &["farvardin", "فروردین"],
        &["ordibehesht", "اردیبهشت"],
        &["khordad", "خرداد"],
        &["tir", "تیر"],
        &["mordad", "مرداد"],
        &["shahrivar", "شهریور"],
        &["mehr", "مهر"],
        &["aban", "آبان"],
        &["azar", "آذر"],
        &["dey", "دی"],
        &["bahman", "بهمن"],
        &["esfand", "اسفند"],
    ];
    const HIJRI: [&[&str]; 12] = [
        &["muharram", "moharram", "محرم"],
        &["safar", "صفر"],
        &["rabiawal", "ربيع الأول"],
        &["rabiathani", "ربيع الثاني"],
        &["jumadaula", "جمادى الأولى"],
        &["jumadathani", "جمادى الآخرة"],
        &["rajab", "رجب"],
        &["shaban", "شعبان"],
        &["ramadan", "ramazan", "رمضان"],
        &["shawwal", "شوال"],
        &["dhulqadah", "ذو القعدة"],
        &["dhulhijjah", "ذو الحجة"],
    ];
    let table = match calendar {
        Calendar::Gregorian => &GREGORIAN,
        Calendar::Persian => &PERSIAN,
        Calendar::Hijri => &HIJRI,
    };
    table
        .get(usize::from(month).wrapping_sub(1))
        .copied()
        .unwrap_or(&[])
}

/// Forms that spell the month out ("15march1990", "esfand68", "۲۴اسفند"):
/// always with a day or a year, since a month name alone is an ordinary word.
/// Returned as they appear in the leetspeak view of a password.
pub(crate) fn named_tokens(d: Ymd) -> Vec<String> {
    let digits = |s: String| -> String { s.chars().map(normalize::leet).collect() };
    let yyyy = digits(format!("{:04}", d.year));
    let yy = digits(format!("{:02}", d.year.rem_euclid(100)));
    let days = [digits(d.day.to_string()), digits(format!("{:02}", d.day))];
    let mut out = Vec::new();
    for name in month_names(d.calendar, d.month) {
        let short = name.chars().count() < 4;
        let name = normalize::squeeze_str(name, Squeeze::Leet);
        for (i, day) in days.iter().enumerate() {
            // "tir5" would match inside "stirs": a short name needs two digits.
            if short && i == 0 && d.day < 10 {
                continue;
            }
            out.push(format!("{day}{name}"));
            out.push(format!("{name}{day}"));
            out.push(format!("{day}{name}{yyyy}"));
        }
        out.push(format!("{name}{yyyy}"));
        out.push(format!("{name}{yy}"));
    }
    out.sort();
    out.dedup();
    out
}

/// Digit strings a person writes for this date (separators left out).
/// `short_year` adds the two-digit year on its own ("90", "68"), which people
/// append for Gregorian and Persian years but rarely for Hijri ones.
pub(crate) fn forms(d: Ymd, short_year: bool) -> Vec<String> {
    if d.year < 0 {
        return Vec::new();
    }
    let yyyy = format!("{:04}", d.year);
    let yy = format!("{:02}", d.year.rem_euclid(100));
    let mm = format!("{:02}", d.month);
    let dd = format!("{:02}", d.day);
    let m = d.month.to_string();
    let dn = d.day.to_string();
    let mut out: Vec<String> = Vec::with_capacity(40);
    for y in [&yyyy, &yy] {
        for (a, b) in [(&dd, &mm), (&dn, &m), (&dn, &mm), (&dd, &m)] {
            out.push(format!("{a}{b}{y}")); // day month year
            out.push(format!("{b}{a}{y}")); // month day year (US)
            out.push(format!("{y}{b}{a}")); // year month day (ISO, Iran)
            out.push(format!("{y}{a}{b}")); // year day month
        }
        out.push(format!("{mm}{y}"));
        out.push(format!("{y}{mm}"));
    }
    out.push(format!("{dd}{mm}"));
    out.push(format!("{mm}{dd}"));
    out.push(yyyy);
    if short_year {
        out.push(yy);
    }
    // Unpadded forms of the same length as a padded one duplicate nothing
    // useful; the shortest meaningful form is two digits (a year as "90").
    out.retain(|s| s.len() >= 2);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn persian_date_of_15_march_1990_is_24_esfand_1368() {
        let all = in_all_calendars(date(1990, 3, 15));
        assert!(
            all.iter()
                .any(|d| d.calendar == Calendar::Persian
                    && (d.year, d.month, d.day) == (1368, 12, 24)),
            "{all:?}"
        );
    }

    #[test]
    fn hijri_date_of_15_march_1990_is_in_shaban_1410() {
        let all = in_all_calendars(date(1990, 3, 15));
        assert!(
            all.iter().any(|d| d.year == 1410 && d.month == 8),
            "{all:?}"
        );
    }

    #[test]
    fn forms_include_the_usual_orders() {
        let f = forms(
            Ymd {
                calendar: Calendar::Gregorian,
                shifted: false,
                year: 1990,
                month: 3,
                day: 15,
            },
            true,
        );
        for want in [
            "15031990", "19900315", "03151990", "150390", "1503", "0315", "1990", "90", "1531990",
        ] {
            assert!(f.iter().any(|x| x == want), "{want} missing");
        }
    }
}
