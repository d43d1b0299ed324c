"""The policy core: the policy model and its file, which repository a request belongs to,
the tier decision, the identifier inventories, and what each tier does to a request's text."""
