// A token created in DigitalOcean's portal with `droplet:read` cannot delete a droplet:
// the document says `droplets_destroy` needs `droplet:delete`.
use auth_core::{Scoped, StaticToken};
use interop_digitalocean::{DigitalOceanClient, digital_ocean};

async fn clean_up(token: StaticToken) {
    let client = DigitalOceanClient::with_base_url(
        Scoped::<digital_ocean::Of<digital_ocean::droplet_read>>::assume_granted(token),
        "https://api.digitalocean.com",
    )
    .unwrap();
    client.droplets_list().await.unwrap();
    client.droplets_destroy(3164444).await.unwrap();
}

fn main() {
    let _ = clean_up;
}
