"""Names that are never mutated whatever code defines them: they reveal nothing, or code
outside the request calls them by name (reserved words: `queries/<language>.keywords`)."""

from __future__ import annotations

import re

MIN_LENGTH = 3

# Called by name by frameworks and runtimes: renaming them would change what the model
# understands of the code.
HOOKS = frozenset(
    {
        "main", "setUp", "tearDown", "setUpClass", "tearDownClass", "setup", "teardown",
        "toString", "equals", "hashCode", "compareTo", "constructor", "render", "init",
        "run", "call", "apply", "get", "set", "put", "post", "delete", "patch", "update",
        "create", "destroy", "index", "show", "new", "edit", "handle", "invoke", "execute",
        "test", "tests", "fixture", "conftest", "ngOnInit", "componentDidMount", "useEffect",
        "Dispose", "Main", "ToString", "Equals", "GetHashCode", "String", "Error",
        "initialize", "to_s", "to_h", "to_json", "inspect", "each", "method_missing",
        "respond_to_missing", "perform", "__construct", "__destruct", "__toString", "__get",
        "__set", "__call", "__invoke", "__isset", "__unset", "viewDidLoad", "onCreate",
        "Handle", "Configure", "ConfigureServices", "OnModelCreating", "Up", "Down",
        "OnInitializedAsync", "close", "iterator", "hasNext", "compare", "accept",
    }
)  # fmt: skip

# Generic words a name can be without saying anything about the business.
GENERIC = frozenset(
    {
        "self", "cls", "this", "args", "kwargs", "data", "value", "values", "key", "keys",
        "item", "items", "result", "results", "name", "names", "text", "file", "path", "line",
        "lines", "count", "index", "size", "length", "obj", "object", "list", "dict", "config",
        "options", "params", "request", "response", "error", "err", "exc", "msg", "message",
        "input", "output", "event", "context", "ctx", "state", "node", "nodes", "tmp", "temp",
        "res", "req", "resp", "val", "ret", "out", "buf", "str", "num", "idx", "row", "rows",
        "col", "cols", "start", "end", "first", "last", "left", "right", "parent", "child",
        "children", "logger", "log", "client", "server", "url", "uri", "host", "port", "user",
        "users", "id", "ids", "type", "types", "kind", "mode", "flag", "flags", "default",
        "callback", "handler", "func", "fn", "element", "elements", "entry", "entries", "source",
        "target", "query", "headers", "body", "content", "payload", "token",
        "timeout", "retries", "other", "new", "old", "prev", "next", "current", "total",
        "map", "filter", "reduce", "stream", "builder", "buffer", "array", "string", "number",
        "services", "models", "extensions", "api", "utils", "util", "helpers", "common", "core",
    }
)  # fmt: skip

_DUNDER = re.compile(r"^__\w+__$")


def is_kept(name: str) -> bool:
    core = name.strip("_")
    # Two characters of a script without case (`口座`, an account) say as much as a word.
    return (
        len(core) < (MIN_LENGTH if core.isascii() else 2)
        or _DUNDER.match(name) is not None
        or name in HOOKS
        or name.strip("_").lower() in GENERIC
    )
