//! The 19 operations of DigitalOcean's `Droplets` tag, written by hand on reqwest + serde:
//! the baseline `python3 bench/openapi_build.py --droplets` builds against the generated
//! crate's `droplets` feature (BENCHMARKS.md, section 4b).
//!
//! Written as a careful integrator would write it from the document
//! (`../shared/specs/digitalocean.yaml`): every schema the operations send or receive as a
//! struct with the document's fields (required ones plain, the others `Option`), the
//! enums a caller matches on as enums, timestamps as `chrono` times, one error type.
//! Region and image slugs, whose lists grow every month, stay strings.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a call can fail with.
#[derive(Debug)]
pub enum Error {
    /// The request could not be sent or its answer not read.
    Http(reqwest::Error),
    /// The answer's body is not what the document promises.
    Decode(serde_json::Error),
    /// DigitalOcean answered with an error status.
    Api {
        /// The HTTP status.
        status: u16,
        /// DigitalOcean's error body, when it sent one.
        body: Option<ApiError>,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Http(e) => write!(f, "request failed: {e}"),
            Error::Decode(e) => write!(f, "unexpected answer: {e}"),
            Error::Api { status, body: Some(body) } => {
                write!(f, "DigitalOcean answered {status}: {} ({})", body.message, body.id)
            }
            Error::Api { status, body: None } => write!(f, "DigitalOcean answered {status}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Error::Http(e)
    }
}

/// DigitalOcean's error body.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiError {
    /// A short name of the error, such as `not_found`.
    pub id: String,
    /// What went wrong.
    pub message: String,
    /// The request's id, for support.
    pub request_id: Option<String>,
}

/// A Droplet.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Droplet {
    pub id: i64,
    pub name: String,
    pub memory: i64,
    pub vcpus: i64,
    pub disk: i64,
    #[serde(default)]
    pub disk_info: Vec<DiskInfo>,
    pub locked: bool,
    pub status: DropletStatus,
    pub kernel: Option<Kernel>,
    pub created_at: DateTime<Utc>,
    pub features: Vec<String>,
    pub backup_ids: Vec<i64>,
    pub next_backup_window: Option<BackupWindow>,
    pub snapshot_ids: Vec<i64>,
    pub image: Image,
    pub volume_ids: Vec<String>,
    pub size: Size,
    pub size_slug: String,
    pub networks: Networks,
    pub region: Region,
    pub tags: Vec<String>,
    pub vpc_uuid: Option<String>,
    pub gpu_info: Option<GpuInfo>,
}

/// The state of a Droplet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DropletStatus {
    New,
    Active,
    Off,
    Archive,
}

/// A disk of a Droplet or size.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DiskInfo {
    #[serde(rename = "type")]
    pub kind: Option<DiskKind>,
    pub size: Option<Amount>,
}

/// Local or scratch disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiskKind {
    Local,
    Scratch,
}

/// An amount with its unit (`gib`).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Amount {
    pub amount: Option<i64>,
    pub unit: Option<String>,
}

/// A kernel.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Kernel {
    pub id: Option<i64>,
    pub name: Option<String>,
    pub version: Option<String>,
}

/// When the next backup runs.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct BackupWindow {
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
}

/// An image.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Image {
    pub id: Option<i64>,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<ImageKind>,
    pub distribution: Option<String>,
    pub slug: Option<String>,
    pub public: Option<bool>,
    #[serde(default)]
    pub regions: Vec<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub min_disk_size: Option<i64>,
    pub size_gigabytes: Option<f64>,
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub status: Option<ImageStatus>,
    pub error_message: Option<String>,
}

/// The kind of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageKind {
    Base,
    Snapshot,
    Backup,
    Custom,
    Admin,
}

/// The state of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageStatus {
    #[serde(rename = "NEW")]
    New,
    Available,
    Pending,
    Deleted,
    Retired,
}

/// A size.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Size {
    pub slug: String,
    pub memory: i64,
    pub vcpus: i64,
    pub disk: i64,
    pub transfer: f64,
    pub price_monthly: f64,
    pub price_hourly: f64,
    pub regions: Vec<String>,
    pub available: bool,
    pub description: String,
    #[serde(default)]
    pub disk_info: Vec<DiskInfo>,
    pub gpu_info: Option<GpuInfo>,
}

/// The GPUs of a Droplet or size.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GpuInfo {
    pub count: Option<i64>,
    pub model: Option<String>,
    pub vram: Option<Amount>,
}

/// A Droplet's addresses.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Networks {
    #[serde(default)]
    pub v4: Vec<NetworkV4>,
    #[serde(default)]
    pub v6: Vec<NetworkV6>,
}

/// An IPv4 address of a Droplet.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct NetworkV4 {
    pub ip_address: Option<std::net::Ipv4Addr>,
    pub netmask: Option<std::net::Ipv4Addr>,
    pub gateway: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<NetworkKind>,
}

/// An IPv6 address of a Droplet.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct NetworkV6 {
    pub ip_address: Option<std::net::Ipv6Addr>,
    pub netmask: Option<i64>,
    pub gateway: Option<std::net::Ipv6Addr>,
    #[serde(rename = "type")]
    pub kind: Option<NetworkKind>,
}

/// Public or private.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NetworkKind {
    Public,
    Private,
}

/// A region.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Region {
    pub name: String,
    pub slug: String,
    pub features: Vec<String>,
    pub available: bool,
    pub sizes: Vec<String>,
}

/// A backup or snapshot of a Droplet.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Snapshot {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub regions: Vec<String>,
    pub min_disk_size: i64,
    pub size_gigabytes: f64,
    #[serde(rename = "type")]
    pub kind: SnapshotKind,
}

/// Snapshot or backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SnapshotKind {
    Snapshot,
    Backup,
}

/// A firewall.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Firewall {
    pub id: Option<String>,
    pub status: Option<FirewallStatus>,
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub pending_changes: Vec<PendingChange>,
    pub name: Option<String>,
    #[serde(default)]
    pub droplet_ids: Vec<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub inbound_rules: Vec<InboundRule>,
    #[serde(default)]
    pub outbound_rules: Vec<OutboundRule>,
}

/// The state of a firewall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FirewallStatus {
    Waiting,
    Succeeded,
    Failed,
}

/// A change of a firewall not yet applied.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PendingChange {
    pub droplet_id: Option<i64>,
    pub removing: Option<bool>,
    pub status: Option<String>,
}

/// A protocol a firewall rule allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Tcp,
    Udp,
    Icmp,
}

/// Traffic a firewall lets in.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct InboundRule {
    pub protocol: Protocol,
    pub ports: String,
    pub sources: RuleTarget,
}

/// Traffic a firewall lets out.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct OutboundRule {
    pub protocol: Protocol,
    pub ports: String,
    pub destinations: RuleTarget,
}

/// The other end of a firewall rule.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RuleTarget {
    #[serde(default)]
    pub addresses: Vec<String>,
    #[serde(default)]
    pub droplet_ids: Vec<i64>,
    #[serde(default)]
    pub load_balancer_uids: Vec<String>,
    #[serde(default)]
    pub kubernetes_ids: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A backup policy.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct BackupPolicy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<BackupPlan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekday: Option<Weekday>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hour: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_length_hours: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_period_days: Option<i64>,
}

/// How often backups run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BackupPlan {
    Daily,
    Weekly,
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Weekday {
    Sun,
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
}

/// A Droplet's backup policy.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct BackupPolicyRecord {
    pub droplet_id: Option<i64>,
    pub backup_enabled: Option<bool>,
    pub backup_policy: Option<BackupPolicy>,
    pub next_backup_window: Option<BackupWindow>,
}

/// A backup policy DigitalOcean offers.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SupportedBackupPolicy {
    pub name: Option<String>,
    #[serde(default)]
    pub possible_window_starts: Vec<i64>,
    pub window_length_hours: Option<i64>,
    pub retention_period_days: Option<i64>,
    #[serde(default)]
    pub possible_days: Vec<String>,
}

/// A resource destroyed with a Droplet, with its monthly cost.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AssociatedResource {
    pub id: Option<String>,
    pub name: Option<String>,
    pub cost: Option<String>,
}

/// The resources a Droplet would take with it.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AssociatedResources {
    #[serde(default)]
    pub reserved_ips: Vec<AssociatedResource>,
    #[serde(default)]
    pub floating_ips: Vec<AssociatedResource>,
    #[serde(default)]
    pub snapshots: Vec<AssociatedResource>,
    #[serde(default)]
    pub volumes: Vec<AssociatedResource>,
    #[serde(default)]
    pub volume_snapshots: Vec<AssociatedResource>,
}

/// A resource destroyed with a Droplet.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DestroyedResource {
    pub id: Option<String>,
    pub name: Option<String>,
    pub destroyed_at: Option<DateTime<Utc>>,
    pub error_message: Option<String>,
}

/// The resources destroyed so far.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DestroyedResources {
    #[serde(default)]
    pub reserved_ips: Vec<DestroyedResource>,
    #[serde(default)]
    pub floating_ips: Vec<DestroyedResource>,
    #[serde(default)]
    pub snapshots: Vec<DestroyedResource>,
    #[serde(default)]
    pub volumes: Vec<DestroyedResource>,
    #[serde(default)]
    pub volume_snapshots: Vec<DestroyedResource>,
}

/// How far a destroy with associated resources has come.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DestroyStatus {
    pub droplet: Option<DestroyedResource>,
    pub resources: Option<DestroyedResources>,
    pub completed_at: Option<DateTime<Utc>>,
    pub failures: Option<i64>,
}

/// Which associated resources to destroy with a Droplet (by id).
#[derive(Debug, Clone, Default, Serialize)]
pub struct SelectiveDestroy {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub floating_ips: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reserved_ips: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub snapshots: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volume_snapshots: Vec<String>,
}

/// An image by slug or by id.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum ImageRef {
    Slug(String),
    Id(i64),
}

/// An SSH key by fingerprint or by id.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum SshKeyRef {
    Fingerprint(String),
    Id(i64),
}

/// One Droplet (`name`) or several (`names`).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum DropletNames {
    One { name: String },
    Many { names: Vec<String> },
}

/// What to create.
#[derive(Debug, Clone, Serialize)]
pub struct CreateDroplet {
    #[serde(flatten)]
    pub names: DropletNames,
    pub size: String,
    pub image: ImageRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ssh_keys: Vec<SshKeyRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backups: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_policy: Option<BackupPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_networking: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_uuid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_droplet_agent: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_networking: Option<bool>,
}

/// A link to an action.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ActionLink {
    pub id: Option<i64>,
    pub rel: Option<String>,
    pub href: Option<String>,
}

/// The actions a create started.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ActionLinks {
    #[serde(default)]
    pub actions: Vec<ActionLink>,
}

/// What a create answers: the Droplet or Droplets, and their create actions.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Created {
    One { droplet: Droplet, links: ActionLinks },
    Many { droplets: Vec<Droplet>, links: ActionLinks },
}

/// Links to the other pages of a list.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PageLinks {
    pub first: Option<String>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
}

/// The links of a list.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Links {
    pub pages: Option<PageLinks>,
}

/// The size of a list.
#[derive(Debug, Clone, Deserialize)]
pub struct Meta {
    pub total: Option<i64>,
}

macro_rules! page {
    ($(#[$doc:meta])* $name:ident, $field:ident: $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize)]
        pub struct $name {
            pub $field: $item,
            #[serde(default)]
            pub links: Links,
            pub meta: Meta,
        }
    };
}

page!(
    /// A page of Droplets.
    DropletPage, droplets: Vec<Droplet>
);
page!(
    /// A page of a Droplet's backups.
    BackupPage, backups: Vec<Snapshot>
);
page!(
    /// A page of a Droplet's snapshots.
    SnapshotPage, snapshots: Vec<Snapshot>
);
page!(
    /// A page of kernels.
    KernelPage, kernels: Vec<Kernel>
);
page!(
    /// A page of firewalls.
    FirewallPage, firewalls: Vec<Firewall>
);
page!(
    /// A page of backup policies, by Droplet id.
    BackupPolicyPage, policies: HashMap<String, BackupPolicyRecord>
);

#[derive(Deserialize)]
struct OneDroplet {
    droplet: Droplet,
}

#[derive(Deserialize)]
struct Droplets {
    droplets: Vec<Droplet>,
}

#[derive(Deserialize)]
struct OnePolicy {
    policy: BackupPolicyRecord,
}

#[derive(Deserialize)]
struct SupportedPolicies {
    supported_policies: Vec<SupportedBackupPolicy>,
}

#[derive(Deserialize)]
struct NeighborIds {
    #[serde(default)]
    neighbor_ids: Vec<Vec<i64>>,
}

/// Which Droplets a list returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DropletType {
    Droplets,
    Gpus,
}

/// A page to fetch: `page` from 1, `per_page` up to 200.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Page {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<i64>,
}

/// Filters of [`Client::list_droplets`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct ListDroplets {
    #[serde(flatten)]
    pub page: Page,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<DropletType>,
}

/// A client of the Droplets operations.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    /// A client of `base` (`https://api.digitalocean.com`) with a personal access token.
    pub fn new(base: impl Into<String>, token: impl Into<String>) -> Self {
        Client { http: reqwest::Client::new(), base: base.into(), token: token.into() }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base)).bearer_auth(&self.token)
    }

    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, Error> {
        let bytes = Self::check(request.send().await?).await?;
        serde_json::from_slice(&bytes).map_err(Error::Decode)
    }

    async fn send_empty(&self, request: reqwest::RequestBuilder) -> Result<(), Error> {
        Self::check(request.send().await?).await.map(drop)
    }

    async fn check(response: reqwest::Response) -> Result<bytes::Bytes, Error> {
        let status = response.status();
        let bytes = response.bytes().await?;
        if status.is_success() {
            Ok(bytes)
        } else {
            let body = serde_json::from_slice(&bytes).ok();
            Err(Error::Api { status: status.as_u16(), body })
        }
    }

    /// `GET /v2/droplets`: a page of Droplets.
    pub async fn list_droplets(&self, filter: &ListDroplets) -> Result<DropletPage, Error> {
        self.send(self.request(reqwest::Method::GET, "/v2/droplets").query(filter)).await
    }

    /// `POST /v2/droplets`: creates one Droplet or several.
    pub async fn create_droplets(&self, body: &CreateDroplet) -> Result<Created, Error> {
        self.send(self.request(reqwest::Method::POST, "/v2/droplets").json(body)).await
    }

    /// `DELETE /v2/droplets?tag_name=`: destroys every Droplet with a tag.
    pub async fn destroy_droplets_by_tag(&self, tag_name: &str) -> Result<(), Error> {
        let request = self.request(reqwest::Method::DELETE, "/v2/droplets");
        self.send_empty(request.query(&[("tag_name", tag_name)])).await
    }

    /// `GET /v2/droplets/{droplet_id}`: one Droplet.
    pub async fn get_droplet(&self, droplet_id: i64) -> Result<Droplet, Error> {
        let path = format!("/v2/droplets/{droplet_id}");
        let one: OneDroplet = self.send(self.request(reqwest::Method::GET, &path)).await?;
        Ok(one.droplet)
    }

    /// `DELETE /v2/droplets/{droplet_id}`: destroys a Droplet.
    pub async fn destroy_droplet(&self, droplet_id: i64) -> Result<(), Error> {
        let path = format!("/v2/droplets/{droplet_id}");
        self.send_empty(self.request(reqwest::Method::DELETE, &path)).await
    }

    /// `GET /v2/droplets/{droplet_id}/backups`: a page of a Droplet's backups.
    pub async fn list_backups(&self, droplet_id: i64, page: Page) -> Result<BackupPage, Error> {
        let path = format!("/v2/droplets/{droplet_id}/backups");
        self.send(self.request(reqwest::Method::GET, &path).query(&page)).await
    }

    /// `GET /v2/droplets/{droplet_id}/backups/policy`: a Droplet's backup policy.
    pub async fn get_backup_policy(&self, droplet_id: i64) -> Result<BackupPolicyRecord, Error> {
        let path = format!("/v2/droplets/{droplet_id}/backups/policy");
        let one: OnePolicy = self.send(self.request(reqwest::Method::GET, &path)).await?;
        Ok(one.policy)
    }

    /// `GET /v2/droplets/backups/policies`: a page of every Droplet's backup policy.
    pub async fn list_backup_policies(&self, page: Page) -> Result<BackupPolicyPage, Error> {
        let request = self.request(reqwest::Method::GET, "/v2/droplets/backups/policies");
        self.send(request.query(&page)).await
    }

    /// `GET /v2/droplets/backups/supported_policies`: the backup policies offered.
    pub async fn list_supported_backup_policies(
        &self,
    ) -> Result<Vec<SupportedBackupPolicy>, Error> {
        let request =
            self.request(reqwest::Method::GET, "/v2/droplets/backups/supported_policies");
        let all: SupportedPolicies = self.send(request).await?;
        Ok(all.supported_policies)
    }

    /// `GET /v2/droplets/{droplet_id}/snapshots`: a page of a Droplet's snapshots.
    pub async fn list_snapshots(&self, droplet_id: i64, page: Page) -> Result<SnapshotPage, Error> {
        let path = format!("/v2/droplets/{droplet_id}/snapshots");
        self.send(self.request(reqwest::Method::GET, &path).query(&page)).await
    }

    /// `GET /v2/droplets/{droplet_id}/kernels`: a page of the kernels a Droplet can run.
    pub async fn list_kernels(&self, droplet_id: i64, page: Page) -> Result<KernelPage, Error> {
        let path = format!("/v2/droplets/{droplet_id}/kernels");
        self.send(self.request(reqwest::Method::GET, &path).query(&page)).await
    }

    /// `GET /v2/droplets/{droplet_id}/firewalls`: a page of a Droplet's firewalls.
    pub async fn list_firewalls(&self, droplet_id: i64, page: Page) -> Result<FirewallPage, Error> {
        let path = format!("/v2/droplets/{droplet_id}/firewalls");
        self.send(self.request(reqwest::Method::GET, &path).query(&page)).await
    }

    /// `GET /v2/droplets/{droplet_id}/neighbors`: Droplets on the same machine.
    pub async fn list_neighbors(&self, droplet_id: i64) -> Result<Vec<Droplet>, Error> {
        let path = format!("/v2/droplets/{droplet_id}/neighbors");
        let all: Droplets = self.send(self.request(reqwest::Method::GET, &path)).await?;
        Ok(all.droplets)
    }

    /// `GET /v2/droplets/{droplet_id}/destroy_with_associated_resources`: what a Droplet
    /// would take with it.
    pub async fn list_associated_resources(
        &self,
        droplet_id: i64,
    ) -> Result<AssociatedResources, Error> {
        let path = format!("/v2/droplets/{droplet_id}/destroy_with_associated_resources");
        self.send(self.request(reqwest::Method::GET, &path)).await
    }

    /// `DELETE .../destroy_with_associated_resources/selective`: destroys a Droplet and
    /// the resources named.
    pub async fn destroy_with_resources(
        &self,
        droplet_id: i64,
        resources: &SelectiveDestroy,
    ) -> Result<(), Error> {
        let path =
            format!("/v2/droplets/{droplet_id}/destroy_with_associated_resources/selective");
        self.send_empty(self.request(reqwest::Method::DELETE, &path).json(resources)).await
    }

    /// `DELETE .../destroy_with_associated_resources/dangerous`: destroys a Droplet and
    /// everything associated with it.
    pub async fn destroy_with_all_resources(&self, droplet_id: i64) -> Result<(), Error> {
        let path =
            format!("/v2/droplets/{droplet_id}/destroy_with_associated_resources/dangerous");
        let request = self.request(reqwest::Method::DELETE, &path).header("X-Dangerous", "true");
        self.send_empty(request).await
    }

    /// `GET .../destroy_with_associated_resources/status`: how far a destroy has come.
    pub async fn destroy_status(&self, droplet_id: i64) -> Result<DestroyStatus, Error> {
        let path = format!("/v2/droplets/{droplet_id}/destroy_with_associated_resources/status");
        self.send(self.request(reqwest::Method::GET, &path)).await
    }

    /// `POST .../destroy_with_associated_resources/retry`: retries a failed destroy.
    pub async fn retry_destroy(&self, droplet_id: i64) -> Result<(), Error> {
        let path = format!("/v2/droplets/{droplet_id}/destroy_with_associated_resources/retry");
        self.send_empty(self.request(reqwest::Method::POST, &path)).await
    }

    /// `GET /v2/reports/droplet_neighbors_ids`: groups of Droplets on the same machine.
    pub async fn list_neighbor_ids(&self) -> Result<Vec<Vec<i64>>, Error> {
        let request = self.request(reqwest::Method::GET, "/v2/reports/droplet_neighbors_ids");
        let all: NeighborIds = self.send(request).await?;
        Ok(all.neighbor_ids)
    }
}
