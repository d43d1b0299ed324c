"""The policy files Pretense ships: the default one `pretense init` installs, and examples."""
