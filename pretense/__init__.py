"""The `pretense` command: set up the local state, run the proxy, and the commands for
policy, audit trail, CI gate and inventories."""
