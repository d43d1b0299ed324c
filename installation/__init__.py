"""The bottom layer: where Pretense keeps its local state (CA, key, policy file, trail), the
key-derived fingerprints the trail and the redactor record, and the base of user errors."""
