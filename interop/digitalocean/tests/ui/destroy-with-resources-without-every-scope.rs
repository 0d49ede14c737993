// Destroying a droplet with its associated resources needs five scopes at once (one
// requirement object); a token with `droplet:delete` and `image:delete` lacks three, and
// the error names each, its line showing the provider's name beside it.
use auth_core::{Scoped, StaticToken};
use interop_digitalocean::{DigitalOceanClient, digital_ocean};

type Token = digital_ocean::Of<(digital_ocean::droplet_delete, digital_ocean::image_delete)>;

async fn destroy_all(token: StaticToken) {
    let client = DigitalOceanClient::with_base_url(
        Scoped::<Token>::assume_granted(token),
        "https://api.digitalocean.com",
    )
    .unwrap();
    client.droplets_destroy(1).await.unwrap();
    client
        .droplets_destroy_with_associated_resources_dangerous(1, "true")
        .await
        .unwrap();
}

fn main() {
    let _ = destroy_all;
}
