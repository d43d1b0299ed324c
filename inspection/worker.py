"""One worker process of the inspection pool: `python -m inspection.worker`.

It reads length-prefixed pickled messages on stdin and writes verdicts on stdout: first the
parent's import path (it answers "ready" once loaded), then ("state", generation, factory,
policy, key, inventories) whenever the state changes, and ("inspect", job, generation,
request) for each request; each verdict comes with what the inspector remembers, in bytes.
Its inspector (and all it remembers) lives as long as the state it was built from.
"""

from __future__ import annotations

import pickle
import struct
import sys
import traceback
from typing import IO, Any

HEADER = struct.Struct("!I")


def read_message(stream: IO[bytes]) -> Any:
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    (size,) = HEADER.unpack(header)
    return pickle.loads(stream.read(size))


def frame(message: object) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def main() -> None:
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames may reach the parent on stdout
    paths: list[str] = read_message(source)
    sys.path[:0] = [path for path in paths if path not in sys.path]
    import inspection.inspector  # noqa: F401  (loaded before the first job, not during it)

    sink.write(frame(("ready",)))
    sink.flush()
    inspector: Any = None
    generation = -1
    while True:
        try:
            message = read_message(source)
        except EOFError:
            return
        if message[0] == "state":
            _, generation, factory, policy, key, inventories = message
            inspector = factory(policy, key, inventories)
            continue
        _, job, wanted, request = message
        try:
            if wanted != generation or inspector is None:
                raise RuntimeError(f"the worker holds state {generation}, not {wanted}")
            verdict = inspector.inspect(request)
            reply: tuple[object, ...] = ("verdict", job, verdict, inspector.memory())
        except Exception as e:  # whatever fails is the parent's to handle: it blocks the request
            reply = ("error", job, f"{type(e).__name__}: {e}", traceback.format_exc())
        sink.write(frame(reply))
        sink.flush()


if __name__ == "__main__":
    main()
