use jsonwebtoken::{encode, EncodingKey, Header, Algorithm};

const SIGNING_KEY: &str = "⟦private_key/ec_pkcs8_rust_escaped:-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOW8liPdvRAXhWWo/\nsy2MGSDXHp0+71k4YjEMB6C10H+hRANCAAQlBS93ZFgquNo+P3lBU0NWgv99g0ZV\nBOUSxmm2rG7BktDWYBfSP279qoWrsOM52sVdMWReKH6+tU+z85/+ylHC\n-----END PRIVATE KEY-----⟧";

pub fn sign(claims: &Claims) -> String {
    let key = EncodingKey::from_ec_pem(SIGNING_KEY.as_bytes()).expect("key");
    encode(&Header::new(Algorithm::ES256), claims, &key).expect("jwt")
}
