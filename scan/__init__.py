"""`pretense scan`, the CI gate: the proxy's detectors over a working tree or a diff, each
file classified by the policy, reported without the values."""
