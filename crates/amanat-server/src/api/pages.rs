//! Public pages rendered on the server. Strict CSP, no script, right-to-left for Persian
//! and Arabic.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::IntoParams;

use super::AppState;

/// Page language.
#[derive(Deserialize, IntoParams)]
pub struct LangQuery {
    /// en, az, fa, ar or vi; default: the business's first locale.
    pub lang: Option<String>,
}

/// Headings of the channels page: title, intro, site, mail, support, phones, short codes,
/// social, promotions, never ask, winners.
fn labels(lang: &str) -> [&'static str; 11] {
    match lang {
        "az" => [
            "Rəsmi kanallarımız",
            "Bizimlə yalnız bu kanallar vasitəsilə əlaqə saxlanılır. Başqa ünvandan gələn mesaj bizdən deyil.",
            "Sayt",
            "Məktublar bu domenlərdən gəlir",
            "Dəstək ünvanları",
            "Telefon nömrələri",
            "Qısa nömrələr",
            "Sosial şəbəkə səhifələri",
            "Kampaniyalar",
            "Biz heç vaxt soruşmuruq",
            "Qaliblərlə necə əlaqə saxlanılır",
        ],
        "fa" => [
            "کانال‌های رسمی ما",
            "ما فقط از این راه‌ها با شما در تماس هستیم. پیامی که از نشانی دیگری برسد از ما نیست.",
            "وب‌سایت",
            "ایمیل‌ها فقط از این دامنه‌ها می‌آیند",
            "نشانی‌های پشتیبانی",
            "شماره‌های تلفن",
            "شماره‌های کوتاه",
            "صفحه‌های شبکه‌های اجتماعی",
            "جشنواره‌ها",
            "ما هرگز این‌ها را از شما نمی‌خواهیم",
            "با برندگان چگونه تماس گرفته می‌شود",
        ],
        "ar" => [
            "قنواتنا الرسمية",
            "لا نتواصل معك إلا عبر هذه القنوات. أي رسالة من عنوان آخر ليست منا.",
            "الموقع",
            "تصل رسائلنا من هذه النطاقات فقط",
            "عناوين الدعم",
            "أرقام الهاتف",
            "الأرقام المختصرة",
            "صفحات التواصل الاجتماعي",
            "العروض والمسابقات",
            "لن نطلب منك أبداً",
            "كيف نتواصل مع الفائزين",
        ],
        "vi" => [
            "Các kênh chính thức",
            "Chúng tôi chỉ liên hệ với bạn qua các kênh này. Tin nhắn từ địa chỉ khác không phải của chúng tôi.",
            "Trang web",
            "Email chỉ gửi từ các tên miền",
            "Địa chỉ hỗ trợ",
            "Số điện thoại",
            "Đầu số ngắn",
            "Trang mạng xã hội",
            "Chương trình khuyến mãi",
            "Chúng tôi không bao giờ hỏi",
            "Cách liên hệ người trúng thưởng",
        ],
        _ => [
            "Our official channels",
            "We contact you only through these channels. A message from any other address is not from us.",
            "Website",
            "Our email comes only from",
            "Support addresses",
            "Phone numbers",
            "Short codes",
            "Social media pages",
            "Promotions",
            "We never ask for",
            "How winners are contacted",
        ],
    }
}

fn never_ask_label(item: &str, lang: &str) -> &'static str {
    let i = [
        "password",
        "pin",
        "otp",
        "card_number",
        "cvv",
        "bank_details",
        "personal_data",
    ]
    .iter()
    .position(|x| *x == item)
    .unwrap_or(6);
    let table: [&str; 7] = match lang {
        "az" => [
            "şifrəniz",
            "PIN kodunuz",
            "birdəfəlik kod (SMS kodu)",
            "kart nömrəniz",
            "CVV kodu",
            "bank məlumatlarınız",
            "şəxsi məlumatlarınız",
        ],
        "fa" => [
            "رمز عبور",
            "پین",
            "رمز یک‌بار مصرف (کد پیامکی)",
            "شماره کارت",
            "CVV2",
            "اطلاعات بانکی",
            "اطلاعات شخصی",
        ],
        "ar" => [
            "كلمة المرور",
            "الرقم السري",
            "رمز التحقق لمرة واحدة",
            "رقم البطاقة",
            "رمز CVV",
            "البيانات المصرفية",
            "البيانات الشخصية",
        ],
        "vi" => [
            "mật khẩu",
            "mã PIN",
            "mã OTP",
            "số thẻ",
            "mã CVV",
            "thông tin ngân hàng",
            "thông tin cá nhân",
        ],
        _ => [
            "your password",
            "your PIN",
            "a one-time code",
            "your card number",
            "the CVV",
            "your bank details",
            "your personal data",
        ],
    };
    table[i]
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    let lis: String = items
        .into_iter()
        .map(|i| format!("<li dir=\"ltr\">{}</li>", esc(&i)))
        .collect();
    format!("<ul>{lis}</ul>")
}

/// The public page of official channels (OD-13, OO-6), in the customer's language.
#[utoipa::path(get, path = "/channels", tag = "shield", params(LangQuery), responses((status = 200, description = "HTML page", content_type = "text/html")))]
pub async fn channels(
    State(s): State<AppState>,
    q: Result<Query<LangQuery>, axum::extract::rejection::QueryRejection>,
) -> impl IntoResponse {
    let config = s.vault.config();
    let requested = q.ok().and_then(|Query(q)| q.lang).unwrap_or_default();
    let lang = if amanat_core::config::SUPPORTED_LOCALES.contains(&requested.as_str()) {
        requested
    } else {
        config.default_locale().to_owned()
    };
    let l = labels(&lang);
    let dir = if lang == "fa" || lang == "ar" {
        "rtl"
    } else {
        "ltr"
    };
    let c = &config.channels;
    let mut body = format!("<h1>{} — {}</h1><p>{}</p>", esc(&config.name), l[0], l[1]);
    let sections: [(&str, &Vec<String>); 6] = [
        (l[2], &c.web_origins),
        (l[3], &c.email_domains),
        (l[4], &c.support_emails),
        (l[5], &c.phones),
        (l[6], &c.short_codes),
        (l[7], &c.social_pages),
    ];
    for (title, items) in sections {
        if !items.is_empty() {
            body.push_str(&format!("<h2>{title}</h2>{}", list(items.iter().cloned())));
        }
    }
    if !c.promotions.is_empty() {
        body.push_str(&format!("<h2>{}</h2><ul>", l[8]));
        for p in &c.promotions {
            let pick = |m: &std::collections::BTreeMap<String, String>| {
                m.get(&lang)
                    .or_else(|| m.get("en"))
                    .or_else(|| m.values().next())
                    .cloned()
                    .unwrap_or_default()
            };
            body.push_str(&format!(
                "<li><strong>{}</strong> (<span dir=\"ltr\">{}</span>, {} – {}) <span dir=\"ltr\">{}</span><br>{}: {}</li>",
                esc(&pick(&p.title)),
                esc(&p.code),
                p.valid_from,
                p.valid_to,
                esc(&p.official_url),
                l[10],
                esc(&pick(&p.winners_contacted))
            ));
        }
        body.push_str("</ul>");
    }
    if !c.never_ask.is_empty() {
        let items: String = c
            .never_ask
            .iter()
            .map(|n| format!("<li>{}</li>", never_ask_label(n, &lang)))
            .collect();
        body.push_str(&format!("<h2>{}</h2><ul>{items}</ul>", l[9]));
    }
    let page = format!(
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:44em;margin:2em auto;padding:0 1em;line-height:1.5}}</style></head><body>{body}</body></html>",
        l[0]
    );
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            ),
        ],
        page,
    )
}
