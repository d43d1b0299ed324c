"""Where the commit hooks ask the proxy: `http://attest.pretense.invalid/...` through the
proxy's own port (`.invalid` never resolves, so only a running Pretense answers)."""

ENDPOINT = "attest.pretense.invalid"
ATTEST_PATH = "/v1/attestations"
"""commit-msg: attest the tree being committed."""
COMMITS_PATH = "/v1/commits"
"""post-commit: the commit exists, by this id."""
