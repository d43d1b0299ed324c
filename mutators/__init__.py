"""The transforms that rewrite request text before it leaves the machine and restore answers.

The provider adapters hand every text-bearing field of a request to a `RequestTransform`
and every piece of answer text to the `Restoration` it returned.
"""

from mutators.base import (
    IDENTITY,
    FieldKind,
    RequestTransform,
    Restoration,
    Rewrite,
    StreamRestorer,
    Syntax,
    TextField,
)

__all__ = [
    "IDENTITY",
    "FieldKind",
    "RequestTransform",
    "Restoration",
    "Rewrite",
    "StreamRestorer",
    "Syntax",
    "TextField",
]
