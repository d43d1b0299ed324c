"""Whether the audit trail can make a record durable right now, as the writer and the SIEM
queue last found: what the request path asks before it forwards (Vault's rule: an audit
device that cannot write stops service)."""

from __future__ import annotations

import threading


class AuditDevice:
    """Told by the audit writer's thread, asked by the proxy's event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._writer: threading.Thread | None = None
        self._failure: str | None = None
        self._siem_full: str | None = None

    def attach(self, writer: threading.Thread) -> None:
        """The thread that writes the trail: a dead one records nothing."""
        self._writer = writer

    def detach(self) -> None:
        """The trail was closed on purpose (the proxy stops)."""
        self._writer = None

    def failing(self, reason: str) -> None:
        with self._lock:
            self._failure = reason

    def writing(self) -> None:
        with self._lock:
            self._failure = None

    def siem_queue(self, full: str | None) -> None:
        """Why the SIEM queue cannot take more events without dropping some, or None."""
        with self._lock:
            self._siem_full = full

    @property
    def unrecordable(self) -> str | None:
        """Why a record made now would not be durable, or None."""
        writer = self._writer
        if writer is not None and not writer.is_alive():
            return "the audit trail's writer has stopped"
        with self._lock:
            return self._failure

    @property
    def siem_full(self) -> str | None:
        with self._lock:
            return self._siem_full

    def refusal(self, need_record: bool, need_siem: bool) -> str | None:
        """Why a request must be refused, given what its tier and the policy require."""
        if need_record and (why := self.unrecordable) is not None:
            return (
                f"the audit trail cannot record it ({why}), and this tier forwards nothing "
                "unrecorded. Nothing was sent; tell your platform team."
            )
        if need_siem and (why := self.siem_full) is not None:
            return (
                f"the SIEM cannot take its events ({why}), and this tier forwards nothing its "
                "SIEM would not see. Nothing was sent; tell your platform team."
            )
        return None
