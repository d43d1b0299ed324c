"""Errors raised while reading or writing a provider's wire format."""


class WireFormatError(ValueError):
    """The body does not have the shape the provider's wire format promises."""
