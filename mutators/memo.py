"""A bounded memo for results computed from text: least recently used entries go once the
sizes of what it holds pass a bound in bytes. Owned by the object whose work it saves, and
dropped with it when the policy or the key changes."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable


class Memo[K: Hashable, V]:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._size = 0

    @property
    def size(self) -> int:
        """Roughly what the entries take, in bytes (as the callers count them)."""
        return self._size

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: K) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: K, value: V, size: int) -> None:
        """Remember `value`; `size` is what key and value take (an entry's text length, say)."""
        old = self._entries.pop(key, None)
        if old is not None:
            self._size -= old[1]
        if size > self.max_bytes:
            return
        self._entries[key] = (value, size)
        self._size += size
        while self._size > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self._size -= dropped

    def clear(self) -> None:
        self._entries.clear()
        self._size = 0
