# response logged by the oauth callback handler during debugging (2024-04-19)
token_payload = {
    "access_token": "⟦digitalocean_token/oauth:doo_v1_c6b2ab2df338cae73ce71b992a24981b6213875a4bbb6c0225ea705c79eeb056⟧",
    "token_type": "bearer",
    "expires_in": 2592000,
    "refresh_token": "⟦digitalocean_token/refresh:dor_v1_41fc8354e715f84686f036d1c7a1f116f2650371fcbffa8d1820079a95a8aa6f⟧",
    "scope": "read write",
    "info": {"name": "Ana Ruiz", "email": "ana.ruiz@acme.io", "uuid": "9f893c07-4694-4386-ac6c-3bcb60ef0b59"},
}
