"""The corporate egress gateway's own parts: sign-in with the firm's identity provider (OIDC),
the directory SCIM provisions, and the admin port (health, metrics, SCIM)."""
