"""Commit attestations: in-toto statements in DSSE envelopes carried as commit trailers, the
AI provenance of a commit's added lines, and the verification CI runs. Sans-IO apart from
`git`, `store` and `hook`."""
