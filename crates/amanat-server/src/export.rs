//! The export of everything held about one customer (right of access and portability):
//! every field with its value and purposes, the consent history, the orders, and every
//! access to the data. As JSON for machines and as a readable HTML page.

use std::collections::BTreeMap;

use amanat_store::{ConsentRecord, OrderRow};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::vault::{Actor, Vault, VaultError};

/// One field held.
#[derive(Debug, Clone, Serialize)]
pub struct ExportField {
    /// Field name.
    pub name: String,
    /// The value held.
    pub value: String,
    /// Why it is held.
    pub purposes: Vec<String>,
}

/// One access to the data.
#[derive(Debug, Clone, Serialize)]
pub struct ExportAccess {
    /// When (ms).
    pub at: i64,
    /// By which role.
    pub role: String,
    /// What was done.
    pub action: String,
    /// For which purpose.
    pub purpose: String,
    /// Field names.
    pub fields: String,
}

/// Everything held about a customer.
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    /// Customer id.
    pub customer_id: String,
    /// The business.
    pub business: String,
    /// When the export was made (RFC 3339).
    pub generated_at: String,
    /// Fields and values.
    pub fields: Vec<ExportField>,
    /// Consent history.
    pub consents: Vec<ConsentRecord>,
    /// Orders (references only; amanat holds no card data).
    pub orders: Vec<ExportOrder>,
    /// Every access, oldest first.
    pub accesses: Vec<ExportAccess>,
    /// Every share with a third party or an authority the customer may be told of.
    pub shares: Vec<crate::privacy::ShareView>,
}

/// An order in an export.
#[derive(Debug, Clone, Serialize)]
pub struct ExportOrder {
    /// Order number.
    pub order_number: String,
    /// Payment reference.
    pub payment_reference: Option<String>,
    /// Tracking code.
    pub tracking_code: Option<String>,
    /// Status.
    pub status: String,
    /// Created (ms).
    pub created_at: i64,
}

impl From<OrderRow> for ExportOrder {
    fn from(o: OrderRow) -> Self {
        ExportOrder {
            order_number: o.order_number,
            payment_reference: o.payment_reference,
            tracking_code: o.tracking_code,
            status: o.status,
            created_at: o.created_at,
        }
    }
}

/// Builds the export; the read of every field is audited as `customer.export`.
pub async fn build(
    vault: &Vault,
    actor: &Actor,
    id: &str,
    request_id: &str,
    now: DateTime<Utc>,
) -> Result<Export, VaultError> {
    let store = vault.store();
    // The accesses before this export, so the export does not list itself half-done.
    let accesses = store
        .audit_for_subject(id)
        .await?
        .into_iter()
        .map(|e| ExportAccess {
            at: e.at,
            role: e.role,
            action: e.action,
            purpose: e.purpose,
            fields: e.fields,
        })
        .collect();
    let values: BTreeMap<String, String> = vault
        .read_fields(actor, id, None, "access", request_id, now)
        .await?;
    let cfg = vault.config();
    let fields = values
        .into_iter()
        .map(|(name, value)| ExportField {
            purposes: cfg
                .field(&name)
                .map(|f| f.purposes.clone())
                .unwrap_or_default(),
            name,
            value,
        })
        .collect();
    Ok(Export {
        customer_id: id.to_owned(),
        business: cfg.name.clone(),
        generated_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        fields,
        consents: store.consent_history(id).await?,
        orders: store
            .orders_of(id)
            .await?
            .into_iter()
            .map(ExportOrder::from)
            .collect(),
        accesses,
        shares: crate::privacy::visible_shares(vault, id, now).await?,
    })
}

fn esc(s: &str) -> String {
    amanat_notify::escape_html(s)
}

fn time(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M UTC").to_string())
}

/// The export as a self-contained, printable HTML page (right to left for fa and ar).
/// Headings are in English; values are shown as held.
pub fn html(e: &Export, lang: &str) -> String {
    let dir = if matches!(lang, "fa" | "ar") {
        "rtl"
    } else {
        "ltr"
    };
    let mut h = String::with_capacity(8192);
    h.push_str(&format!(
        "<!DOCTYPE html><html lang=\"{}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><title>{} - your data</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}table{{border-collapse:collapse;width:100%;margin-bottom:2rem}}\
         th,td{{border:1px solid #ccc;padding:.3rem .5rem;text-align:start;vertical-align:top}}th{{background:#f3f4f6}}</style></head><body>",
        esc(lang),
        esc(&e.business)
    ));
    h.push_str(&format!(
        "<h1>{}: the data held about you</h1><p>Customer id <code>{}</code>, made {}.</p>",
        esc(&e.business),
        esc(&e.customer_id),
        esc(&e.generated_at)
    ));
    h.push_str("<h2>Your data and why it is held</h2><table><tr><th>Field</th><th>Value</th><th>Purposes</th></tr>");
    for f in &e.fields {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&f.name),
            esc(&f.value),
            esc(&f.purposes.join(", "))
        ));
    }
    h.push_str("</table><h2>Consents</h2><table><tr><th>Time</th><th>Purpose</th><th>Channel</th><th>Event</th><th>Policy</th><th>Source</th></tr>");
    for c in &e.consents {
        let event = match (c.kind.as_str(), c.granted) {
            ("consent", true) => "granted",
            ("consent", false) => "withdrawn",
            ("objection", false) => "objected",
            _ => "objection lifted",
        };
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{event}</td><td>{}</td><td>{}</td></tr>",
            time(c.at),
            esc(&c.purpose),
            esc(&c.channel),
            esc(&c.policy_version),
            esc(&c.source)
        ));
    }
    h.push_str("</table><h2>Orders</h2><table><tr><th>Order</th><th>Payment reference</th><th>Tracking</th><th>Status</th><th>Created</th></tr>");
    for o in &e.orders {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&o.order_number),
            esc(o.payment_reference.as_deref().unwrap_or("")),
            esc(o.tracking_code.as_deref().unwrap_or("")),
            esc(&o.status),
            time(o.created_at)
        ));
    }
    h.push_str("</table><h2>Who accessed your data</h2><table><tr><th>Time</th><th>Role</th><th>Action</th><th>Purpose</th><th>Fields</th></tr>");
    for a in &e.accesses {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            time(a.at),
            esc(&a.role),
            esc(&a.action),
            esc(&a.purpose),
            esc(&a.fields)
        ));
    }
    h.push_str("</table><h2>Who received your data</h2><table><tr><th>Time</th><th>Recipient</th><th>Purpose</th><th>Basis</th><th>Fields</th></tr>");
    for x in &e.shares {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&x.at),
            esc(&x.recipient),
            esc(&x.purpose),
            esc(&x.basis),
            esc(&x.fields.join(", "))
        ));
    }
    h.push_str("</table></body></html>");
    h
}
