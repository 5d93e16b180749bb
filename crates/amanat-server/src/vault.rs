//! The vault service: every rule about personal data between the HTTP handlers (or the
//! CLI) and the store. Values are parsed by the field catalogue, sealed under the
//! customer's data key, indexed blind, and every read and write is audited with the
//! actor's role, the purpose and the field names (never the values).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use amanat_core::fields::FieldValueError;
use amanat_core::{Config, CustomerId, FieldKind, Role};
use amanat_crypto::{BlindIndexer, DataKey, Kek, KeyRing, MasterKey};
use amanat_store::{AuditEvent, AuditedRead, NewCustomer, OrderRow, Store, StoreError, WrappedDek};
use chrono::{DateTime, Utc};

/// (field name, bytes) pairs: sealed values or blind-index digests.
type NamedBytes = Vec<(String, Vec<u8>)>;

/// Who is acting: a staff identity with a role.
#[derive(Debug, Clone)]
pub struct Actor {
    /// Staff id, or `system`.
    pub id: String,
    /// Role.
    pub role: Role,
}

/// Why a vault operation was refused or failed. Messages never hold values.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// A field name not in the catalogue.
    #[error("field `{0}` is not in this business's field catalogue")]
    UnknownField(String),
    /// A value that does not fit its field.
    #[error("field `{field}` {error}")]
    InvalidValue {
        /// The field.
        field: String,
        /// What is wrong.
        error: FieldValueError,
    },
    /// A value that is not a JSON string.
    #[error("field `{0}` must be a string")]
    NotAString(String),
    /// A field required at sign-up is missing.
    #[error("field `{0}` is required")]
    MissingField(String),
    /// A unique value is taken.
    #[error("a customer with this {0} already exists")]
    Duplicate(String),
    /// No such customer.
    #[error("no customer with this id")]
    NotFound,
    /// No such order.
    #[error("no order with this id for this customer")]
    OrderNotFound,
    /// The purpose is not declared in the configuration.
    #[error("purpose `{0}` is not declared by this business; see GET /api/v1/purposes")]
    UnknownPurpose(String),
    /// The role may not use this purpose.
    #[error("role `{role}` may not read personal data for purpose `{purpose}`")]
    PurposeNotAllowed {
        /// The role.
        role: Role,
        /// The purpose.
        purpose: String,
    },
    /// The role may not do this at all.
    #[error("role `{0}` may not do this")]
    Forbidden(Role),
    /// A field cannot be used for lookups.
    #[error("customers can be looked up by email, phone or username only")]
    NotLookupable,
    /// Something else in the request is wrong.
    #[error("{0}")]
    BadRequest(String),
    /// The customer restricted processing of their data.
    #[error(
        "this customer restricted the processing of their data: it is kept, not used, except for legal obligations"
    )]
    Restricted,
    /// Keys could not be used: the master key does not fit the key store.
    #[error("key error: {0}")]
    Keys(#[from] amanat_crypto::KeyError),
    /// A stored ciphertext did not open.
    #[error("a stored value could not be decrypted: it was altered or moved")]
    Integrity,
    /// Storage failed.
    #[error("storage error: {0}")]
    Store(StoreError),
}

impl From<StoreError> for VaultError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(f) => VaultError::Duplicate(f),
            StoreError::NotFound => VaultError::NotFound,
            other => VaultError::Store(other),
        }
    }
}

/// The result of a key rotation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RotationReport {
    /// The new current KEK version.
    pub new_version: i64,
    /// Customer data keys rewrapped.
    pub rewrapped: u64,
    /// Old KEK versions removed.
    pub retired: Vec<i64>,
}

/// The vault: configuration, store and unwrapped keys.
pub struct Vault {
    config: Arc<Config>,
    store: Store,
    ring: RwLock<Arc<KeyRing>>,
    master: MasterKey,
    deks: DekCache,
}

/// Recently unwrapped data keys, so a hot customer does not cost a key-store query per
/// read. Bounded in size and age; entries are zeroized when dropped. Erasure (which
/// deletes the ciphertexts with the key) must call [`DekCache::forget`].
struct DekCache {
    entries: std::sync::Mutex<HashMap<String, (std::time::Instant, Arc<DataKey>)>>,
}

impl DekCache {
    const CAPACITY: usize = 4096;
    const TTL: std::time::Duration = std::time::Duration::from_secs(60);

    fn new() -> Self {
        DekCache {
            entries: std::sync::Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, id: &str) -> Option<Arc<DataKey>> {
        let map = self.entries.lock().ok()?;
        map.get(id)
            .filter(|(at, _)| at.elapsed() < Self::TTL)
            .map(|(_, k)| Arc::clone(k))
    }

    fn put(&self, id: &str, key: Arc<DataKey>) {
        if let Ok(mut map) = self.entries.lock() {
            if map.len() >= Self::CAPACITY {
                map.retain(|_, (at, _)| at.elapsed() < Self::TTL);
                if map.len() >= Self::CAPACITY {
                    map.clear();
                }
            }
            map.insert(id.to_owned(), (std::time::Instant::now(), key));
        }
    }

    fn forget(&self, id: &str) {
        if let Ok(mut map) = self.entries.lock() {
            map.remove(id);
        }
    }
}

fn ms(now: DateTime<Utc>) -> i64 {
    now.timestamp_millis()
}

impl Vault {
    /// Opens the vault, creating the first keys of a new installation.
    pub async fn open(
        config: Arc<Config>,
        store: Store,
        master: MasterKey,
        now: DateTime<Utc>,
    ) -> Result<Vault, VaultError> {
        if store.key_rows().await?.keks.is_empty() {
            let kek = Kek::generate();
            let index = amanat_crypto::random_key();
            store
                .init_keys(
                    &master.wrap_kek(1, &kek),
                    &master.wrap_index_key(&index),
                    ms(now),
                )
                .await?;
        }
        let ring = load_ring(&store, &master).await?;
        Ok(Vault {
            config,
            store,
            ring: RwLock::new(Arc::new(ring)),
            master,
            deks: DekCache::new(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// A keyed digest (HMAC under a key derived for `label`) of a value that must be
    /// compared but never stored, such as a fraud report's deduplication key.
    pub fn keyed_digest(&self, label: &str, value: &str) -> [u8; 32] {
        self.ring().index().digest(label, value)
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    fn ring(&self) -> Arc<KeyRing> {
        match self.ring.read() {
            Ok(r) => Arc::clone(&r),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    async fn reload_ring(&self) -> Result<Arc<KeyRing>, VaultError> {
        let fresh = Arc::new(load_ring(&self.store, &self.master).await?);
        match self.ring.write() {
            Ok(mut w) => *w = Arc::clone(&fresh),
            Err(poisoned) => *poisoned.into_inner() = Arc::clone(&fresh),
        }
        Ok(fresh)
    }

    /// Unwraps a customer's data key; reloads the ring once when another process
    /// rotated keys since this one started.
    async fn data_key(&self, id: &str) -> Result<Arc<DataKey>, VaultError> {
        if let Some(k) = self.deks.get(id) {
            return Ok(k);
        }
        let wrapped = self.store.get_dek(id).await?.ok_or(VaultError::NotFound)?;
        self.unwrap_dek(id, &wrapped).await
    }

    async fn unwrap_dek(&self, id: &str, wrapped: &WrappedDek) -> Result<Arc<DataKey>, VaultError> {
        let mut ring = self.ring();
        if ring.kek(wrapped.kek_version).is_none() {
            ring = self.reload_ring().await?;
        }
        let kek = ring.kek(wrapped.kek_version).ok_or(VaultError::Integrity)?;
        let key = Arc::new(kek.unwrap_dek(id, &wrapped.wrapped)?);
        self.deks.put(id, Arc::clone(&key));
        Ok(key)
    }

    fn parse_fields(
        &self,
        raw: &HashMap<String, serde_json::Value>,
        today: chrono::NaiveDate,
    ) -> Result<BTreeMap<String, String>, VaultError> {
        let mut out = BTreeMap::new();
        for (name, value) in raw {
            let field = self
                .config
                .field(name)
                .ok_or_else(|| VaultError::UnknownField(name.clone()))?;
            let text = value
                .as_str()
                .ok_or_else(|| VaultError::NotAString(name.clone()))?;
            let v = field
                .kind
                .parse(text, &self.config.default_region, today)
                .map_err(|error| VaultError::InvalidValue {
                    field: name.clone(),
                    error,
                })?;
            out.insert(name.clone(), v);
        }
        Ok(out)
    }

    fn seal_and_index(
        &self,
        ring: &KeyRing,
        id: &str,
        dek: &DataKey,
        values: &BTreeMap<String, String>,
    ) -> (NamedBytes, NamedBytes) {
        let mut sealed = Vec::with_capacity(values.len());
        let mut index = Vec::new();
        for (name, v) in values {
            sealed.push((name.clone(), dek.seal_field(id, name, v.as_bytes())));
            if let Some(kind) = self.config.field(name).map(|f| f.kind)
                && let Some(form) = kind.index_form(v)
            {
                index.push((name.clone(), ring.index().digest(name, &form).to_vec()));
            }
        }
        (sealed, index)
    }

    /// An audit event by `actor` at `now` (field names only, never values).
    #[allow(clippy::too_many_arguments)] // one argument per audited attribute
    pub(crate) fn event(
        &self,
        actor: &Actor,
        action: &str,
        subject: &str,
        purpose: &str,
        fields: Vec<String>,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> AuditEvent {
        AuditEvent {
            at: ms(now),
            actor: actor.id.clone(),
            role: actor.role.as_str().to_owned(),
            action: action.to_owned(),
            subject: subject.to_owned(),
            purpose: purpose.to_owned(),
            fields,
            request_id: request_id.to_owned(),
        }
    }

    /// Creates a customer from raw JSON field values.
    pub async fn create_customer(
        &self,
        actor: &Actor,
        raw: &HashMap<String, serde_json::Value>,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<CustomerId, VaultError> {
        if !actor.role.may_write_customers() {
            return Err(VaultError::Forbidden(actor.role));
        }
        let id = CustomerId::from_trusted(uuid::Uuid::now_v7().to_string());
        let values = self.parse_fields(raw, now.date_naive())?;
        self.create_parsed(actor, id, values, request_id, now).await
    }

    /// Parses raw JSON field values by the catalogue (for callers that check them before
    /// creating a customer, such as sign-up).
    pub fn parse_values(
        &self,
        raw: &HashMap<String, serde_json::Value>,
        now: DateTime<Utc>,
    ) -> Result<BTreeMap<String, String>, VaultError> {
        self.parse_fields(raw, now.date_naive())
    }

    /// Creates a customer from parsed values under a chosen id; the caller has checked
    /// the actor may (staff with a writing role, or a customer signing up).
    pub async fn create_parsed(
        &self,
        actor: &Actor,
        id: CustomerId,
        values: BTreeMap<String, String>,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<CustomerId, VaultError> {
        if let Some(missing) = self
            .config
            .fields
            .iter()
            .find(|f| f.required_at_signup && !values.contains_key(&f.name))
        {
            return Err(VaultError::MissingField(missing.name.clone()));
        }
        let ring = self.ring();
        let (version, kek) = ring.current();
        let dek = DataKey::generate();
        let (fields, index) = self.seal_and_index(&ring, id.as_str(), &dek, &values);
        // The key goes in first: a data row is never without its key. If the data write
        // fails, the orphan key is removed.
        self.store
            .put_dek(
                &WrappedDek {
                    customer_id: id.to_string(),
                    kek_version: version,
                    wrapped: kek.wrap_dek(id.as_str(), &dek),
                },
                ms(now),
            )
            .await?;
        let names = values.keys().cloned().collect();
        let audit = self.event(
            actor,
            "customer.create",
            id.as_str(),
            "service",
            names,
            request_id,
            now,
        );
        let created = self
            .store
            .create_customer(
                &NewCustomer {
                    id: id.to_string(),
                    fields,
                    index,
                },
                ms(now),
                &audit,
            )
            .await;
        if let Err(e) = created {
            let _ = self.store.delete_dek(id.as_str()).await;
            return Err(e.into());
        }
        Ok(id)
    }

    fn check_purpose(&self, actor: &Actor, purpose: &str) -> Result<(), VaultError> {
        if !self.config.purposes.contains_key(purpose) {
            return Err(VaultError::UnknownPurpose(purpose.to_owned()));
        }
        if !self.config.role_may_use(actor.role, purpose) {
            return Err(VaultError::PurposeNotAllowed {
                role: actor.role,
                purpose: purpose.to_owned(),
            });
        }
        Ok(())
    }

    /// Reads the fields `actor` may see for `purpose`; the read is audited before any
    /// value is returned.
    pub async fn read_customer(
        &self,
        actor: &Actor,
        id: &CustomerId,
        purpose: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<BTreeMap<String, String>, VaultError> {
        self.check_purpose(actor, purpose)?;
        let legal = self
            .config
            .purposes
            .get(purpose)
            .is_some_and(|p| p.legal_basis == amanat_core::config::LegalBasis::LegalObligation);
        // A key already in memory saves the key-store read; otherwise fields and wrapped
        // key come back together, with the restriction, and the read is recorded in the
        // same step (one transaction on SQLite) before any value is decrypted.
        let cached = self.deks.get(id.as_str());
        let allowed: Vec<String> = self
            .config
            .fields
            .iter()
            .filter(|f| f.purposes.iter().any(|p| p == purpose))
            .map(|f| f.name.clone())
            .collect();
        let event = self.event(
            actor,
            "customer.read",
            id.as_str(),
            purpose,
            Vec::new(),
            request_id,
            now,
        );
        let (visible, wrapped) = match self
            .store
            .read_audited(id.as_str(), &allowed, cached.is_none(), legal, event)
            .await?
        {
            AuditedRead::NotFound => return Err(VaultError::NotFound),
            AuditedRead::Restricted => return Err(VaultError::Restricted),
            AuditedRead::Read { fields, key, .. } => (fields, key),
        };
        let mut out = BTreeMap::new();
        if !visible.is_empty() {
            let dek = match (cached, wrapped) {
                (Some(k), _) => k,
                (None, Some(w)) => self.unwrap_dek(id.as_str(), &w).await?,
                (None, None) => return Err(VaultError::Integrity),
            };
            for (name, ct) in &visible {
                let plain = dek
                    .open_field(id.as_str(), name, ct)
                    .map_err(|_| VaultError::Integrity)?;
                let text = String::from_utf8(plain.to_vec()).map_err(|_| VaultError::Integrity)?;
                out.insert(name.clone(), text);
            }
        }
        Ok(out)
    }

    /// Corrects some fields of a customer (rectification), audited.
    pub async fn update_customer(
        &self,
        actor: &Actor,
        id: &CustomerId,
        raw: &HashMap<String, serde_json::Value>,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, VaultError> {
        if !actor.role.may_write_customers() {
            return Err(VaultError::Forbidden(actor.role));
        }
        if raw.is_empty() {
            return Err(VaultError::BadRequest(
                "no fields to change; send {\"fields\": {\"name\": \"value\"}}".into(),
            ));
        }
        let values = self.parse_fields(raw, now.date_naive())?;
        let dek = self.data_key(id.as_str()).await?;
        let ring = self.ring();
        let (fields, index) = self.seal_and_index(&ring, id.as_str(), &dek, &values);
        let names: Vec<String> = values.keys().cloned().collect();
        let audit = self.event(
            actor,
            "customer.rectify",
            id.as_str(),
            "service",
            names.clone(),
            request_id,
            now,
        );
        self.store
            .update_customer(id.as_str(), &fields, &index, ms(now), &audit)
            .await?;
        Ok(names)
    }

    /// Finds a customer by email, phone or username through the blind index, audited.
    pub async fn lookup(
        &self,
        actor: &Actor,
        field: &str,
        value: &str,
        purpose: Option<&str>,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<CustomerId, VaultError> {
        if let Some(p) = purpose {
            self.check_purpose(actor, p)?;
        } else if !actor.role.may_write_customers() && actor.role != Role::Fraud {
            return Err(VaultError::Forbidden(actor.role));
        }
        let def = self
            .config
            .field(field)
            .ok_or_else(|| VaultError::UnknownField(field.to_owned()))?;
        let parsed = def
            .kind
            .parse(value, &self.config.default_region, now.date_naive())
            .map_err(|error| VaultError::InvalidValue {
                field: field.to_owned(),
                error,
            })?;
        let form = def
            .kind
            .index_form(&parsed)
            .ok_or(VaultError::NotLookupable)?;
        let digest = self.ring().index().digest(field, &form);
        let found = self.store.find_by_index(field, &digest).await?;
        let subject = found.clone().unwrap_or_default();
        let outcome = if found.is_some() {
            "customer.lookup"
        } else {
            "customer.lookup_miss"
        };
        self.store
            .append_audit(&self.event(
                actor,
                outcome,
                &subject,
                purpose.unwrap_or("unspecified"),
                vec![field.to_owned()],
                request_id,
                now,
            ))
            .await?;
        found
            .map(CustomerId::from_trusted)
            .ok_or(VaultError::NotFound)
    }

    /// Seals bytes that belong to a customer but are not a catalogue field (a TOTP
    /// secret, a queued message) under the customer's data key, bound to `label`.
    pub async fn seal_for(
        &self,
        id: &str,
        label: &str,
        bytes: &[u8],
    ) -> Result<Vec<u8>, VaultError> {
        let dek = self.data_key(id).await?;
        Ok(dek.seal_field(id, label, bytes))
    }

    /// Opens what [`Vault::seal_for`] sealed.
    pub async fn open_for(
        &self,
        id: &str,
        label: &str,
        sealed: &[u8],
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, VaultError> {
        let dek = self.data_key(id).await?;
        dek.open_field(id, label, sealed)
            .map_err(|_| VaultError::Integrity)
    }

    /// Reads some (or, with `None`, all) fields of a customer without a role check, for
    /// the customer's own view and for the system's notices. Audited like any read:
    /// `actor`, `purpose` and the field names.
    pub async fn read_fields(
        &self,
        actor: &Actor,
        id: &str,
        only: Option<&[&str]>,
        purpose: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<BTreeMap<String, String>, VaultError> {
        let sealed = self
            .store
            .sealed_customer(id)
            .await?
            .ok_or(VaultError::NotFound)?;
        let dek = self.data_key(id).await?;
        let mut out = BTreeMap::new();
        for (name, ct) in &sealed.fields {
            if only.is_some_and(|o| !o.contains(&name.as_str())) {
                continue;
            }
            let plain = dek
                .open_field(id, name, ct)
                .map_err(|_| VaultError::Integrity)?;
            out.insert(
                name.clone(),
                String::from_utf8(plain.to_vec()).map_err(|_| VaultError::Integrity)?,
            );
        }
        let names = out.keys().cloned().collect();
        self.store
            .append_audit(&self.event(actor, "customer.read", id, purpose, names, request_id, now))
            .await?;
        Ok(out)
    }

    /// The customer a sign-in name belongs to: tried as each field of kind email, phone
    /// and username in turn, through the blind index. Not audited (no value is read);
    /// the sign-in it serves is.
    pub async fn find_login(
        &self,
        login: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<CustomerId>, VaultError> {
        let ring = self.ring();
        for f in &self.config.fields {
            if !matches!(
                f.kind,
                FieldKind::Email | FieldKind::Phone | FieldKind::Username
            ) {
                continue;
            }
            let Ok(parsed) = f
                .kind
                .parse(login, &self.config.default_region, now.date_naive())
            else {
                continue;
            };
            let Some(form) = f.kind.index_form(&parsed) else {
                continue;
            };
            let digest = ring.index().digest(&f.name, &form);
            if let Some(id) = self.store.find_by_index(&f.name, &digest).await? {
                return Ok(Some(CustomerId::from_trusted(id)));
            }
        }
        Ok(None)
    }

    /// The first catalogue field of a kind (the address notices go to, the phone codes go to).
    pub fn field_of_kind(&self, kind: FieldKind) -> Option<&str> {
        self.config
            .fields
            .iter()
            .find(|f| f.kind == kind)
            .map(|f| f.name.as_str())
    }

    /// The keyed pseudonym a customer's usage events are stored under: stable, not
    /// reversible without the master key, never the id.
    pub fn pseudonym(&self, customer_id: &str) -> [u8; 32] {
        self.keyed_digest("usage-pseudonym", customer_id)
    }

    /// The key a customer's last notice before erasure is sealed under (their own key
    /// is destroyed by the erasure), one per message.
    pub fn final_notice_key(&self, message_id: &str) -> [u8; 32] {
        self.keyed_digest("final-notice-key", message_id)
    }

    /// Appends an audit event on its own.
    pub async fn audit(&self, event: &AuditEvent) -> Result<(), VaultError> {
        self.store.append_audit(event).await?;
        Ok(())
    }

    /// Orders created at or after this time (ms) are kept at erasure for accounting
    /// (`retention.order_reference_years`, 365.25 days a year); older ones are deleted.
    pub(crate) fn orders_kept_since(&self, now: DateTime<Utc>) -> i64 {
        let years = i64::from(self.config.retention.order_reference_years);
        ms(now) - years * 36_525 * 864_000
    }

    /// Erases customers by crypto-shredding (see `amanat_store::Erased`), in batches,
    /// each audited as `customer.erased` with `reason` as its purpose. Order references
    /// younger than `retention.order_reference_years` are kept for accounting.
    pub async fn erase(
        &self,
        actor: &Actor,
        ids: &[String],
        reason: &str,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<amanat_store::Erased, VaultError> {
        let keep_since = self.orders_kept_since(now);
        let mut total = amanat_store::Erased::default();
        for batch in ids.chunks(500) {
            // An open lawful order holds its customers' data: they are left as they are.
            let held = self.store.held_customers(batch).await?;
            total.held += held.len() as u64;
            let batch: Vec<String> = batch
                .iter()
                .filter(|id| !held.contains(id))
                .cloned()
                .collect();
            if batch.is_empty() {
                continue;
            }
            let pseudonyms: Vec<Vec<u8>> =
                batch.iter().map(|id| self.pseudonym(id).to_vec()).collect();
            let audits: Vec<AuditEvent> = batch
                .iter()
                .map(|id| {
                    self.event(
                        actor,
                        "customer.erased",
                        id,
                        reason,
                        Vec::new(),
                        request_id,
                        now,
                    )
                })
                .collect();
            let r = self
                .store
                .erase_customers(&batch, &pseudonyms, keep_since, ms(now), &audits)
                .await?;
            for id in &batch {
                self.deks.forget(id);
            }
            total.customers += r.customers;
            total.orders_kept += r.orders_kept;
            total.orders_deleted += r.orders_deleted;
        }
        Ok(total)
    }

    /// Records an order reference for a customer.
    pub async fn create_order(
        &self,
        actor: &Actor,
        order: NewOrder,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<OrderRow, VaultError> {
        if !actor.role.may_write_customers() {
            return Err(VaultError::Forbidden(actor.role));
        }
        if !self
            .store
            .customer_exists(order.customer_id.as_str())
            .await?
        {
            return Err(VaultError::NotFound);
        }
        let row = OrderRow {
            id: uuid::Uuid::now_v7().to_string(),
            customer_id: order.customer_id.to_string(),
            order_number: order.order_number,
            payment_reference: order.payment_reference,
            tracking_code: order.tracking_code,
            status: order.status,
            created_at: ms(now),
            updated_at: ms(now),
        };
        let audit = self.event(
            actor,
            "order.create",
            order.customer_id.as_str(),
            "service",
            vec![],
            request_id,
            now,
        );
        self.store.create_order(&row, &audit).await?;
        Ok(row)
    }

    /// A customer's orders, audited as a read for the `service` purpose.
    pub async fn orders(
        &self,
        actor: &Actor,
        id: &CustomerId,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<OrderRow>, VaultError> {
        self.check_purpose(actor, "service").or_else(|e| match e {
            VaultError::UnknownPurpose(_) => Ok(()),
            other => Err(other),
        })?;
        if !self.store.customer_exists(id.as_str()).await? {
            return Err(VaultError::NotFound);
        }
        let rows = self.store.orders_of(id.as_str()).await?;
        self.store
            .append_audit(&self.event(
                actor,
                "order.list",
                id.as_str(),
                "service",
                vec![],
                request_id,
                now,
            ))
            .await?;
        Ok(rows)
    }

    /// Changes an order's status, tracking code or payment reference.
    pub async fn update_order(
        &self,
        actor: &Actor,
        id: &CustomerId,
        order_id: &str,
        change: OrderChange,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<OrderRow, VaultError> {
        if !actor.role.may_write_customers() {
            return Err(VaultError::Forbidden(actor.role));
        }
        let mut row = self
            .store
            .order(id.as_str(), order_id)
            .await?
            .ok_or(VaultError::OrderNotFound)?;
        if let Some(s) = change.status {
            row.status = s;
        }
        if change.tracking_code.is_some() {
            row.tracking_code = change.tracking_code;
        }
        if change.payment_reference.is_some() {
            row.payment_reference = change.payment_reference;
        }
        row.updated_at = ms(now);
        let audit = self.event(
            actor,
            "order.update",
            id.as_str(),
            "service",
            vec![],
            request_id,
            now,
        );
        self.store.update_order(&row, &audit).await?;
        Ok(row)
    }

    /// Adds a KEK version, rewraps every customer data key under it and removes the
    /// old versions. Data is never re-encrypted: only the small wrapped keys change.
    pub async fn rotate_keys(
        &self,
        now: DateTime<Utc>,
        progress: &dyn Fn(u64),
    ) -> Result<RotationReport, VaultError> {
        let ring = self.reload_ring().await?;
        let (old_current, _) = ring.current();
        let new_version = old_current + 1;
        let kek = Kek::generate();
        self.store
            .add_kek(
                new_version,
                &self.master.wrap_kek(new_version, &kek),
                ms(now),
            )
            .await?;
        let ring = self.reload_ring().await?;
        let mut rewrapped = 0u64;
        loop {
            let batch = self.store.deks_not_on(new_version, 1000).await?;
            if batch.is_empty() {
                break;
            }
            let mut out = Vec::with_capacity(batch.len());
            for w in batch {
                let old = ring.kek(w.kek_version).ok_or(VaultError::Integrity)?;
                let dek = old.unwrap_dek(&w.customer_id, &w.wrapped)?;
                out.push(WrappedDek {
                    wrapped: kek.wrap_dek(&w.customer_id, &dek),
                    kek_version: new_version,
                    customer_id: w.customer_id,
                });
            }
            self.store.rewrap_deks(&out).await?;
            rewrapped += out.len() as u64;
            progress(rewrapped);
        }
        let mut retired = Vec::new();
        for v in ring.versions() {
            if v != new_version && self.store.retire_kek(v).await? {
                retired.push(v);
            }
        }
        self.reload_ring().await?;
        let system = Actor {
            id: "system".into(),
            role: Role::Admin,
        };
        self.store
            .append_audit(&self.event(&system, "keys.rotate", "", "security", vec![], "cli", now))
            .await?;
        Ok(RotationReport {
            new_version,
            rewrapped,
            retired,
        })
    }
}

/// A new order's references.
#[derive(Debug, Clone)]
pub struct NewOrder {
    /// Customer.
    pub customer_id: CustomerId,
    /// Order number.
    pub order_number: String,
    /// Payment reference.
    pub payment_reference: Option<String>,
    /// Tracking code.
    pub tracking_code: Option<String>,
    /// Status.
    pub status: String,
}

/// A change to an order.
#[derive(Debug, Clone, Default)]
pub struct OrderChange {
    /// New status.
    pub status: Option<String>,
    /// New tracking code.
    pub tracking_code: Option<String>,
    /// New payment reference.
    pub payment_reference: Option<String>,
}

async fn load_ring(store: &Store, master: &MasterKey) -> Result<KeyRing, VaultError> {
    let rows = store.key_rows().await?;
    let mut keks = BTreeMap::new();
    for (v, w) in rows.keks {
        keks.insert(v, master.unwrap_kek(v, &w)?);
    }
    let index = rows
        .index_key
        .ok_or_else(|| VaultError::BadRequest("the key store has no blind-index key".into()))?;
    let indexer = BlindIndexer::new(master.unwrap_index_key(&index)?);
    KeyRing::new(keks, indexer)
        .ok_or_else(|| VaultError::BadRequest("the key store has no key encryption key".into()))
}
