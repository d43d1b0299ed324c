"""Which real code `make quality` measures, per language: what the Makefile unpacked under
build/quality (registry packages), repository snapshots beside it, and the fixtures."""

from __future__ import annotations

import site
import sysconfig
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUALITY = ROOT / "build" / "quality"
DEBS = QUALITY / "debs"
NPM = QUALITY / "npm" / "node_modules"
PYPI = QUALITY / "pypi" / "src"
REPOS = QUALITY / "repos"
MAX_FILE = 1 << 20


@dataclass(frozen=True, slots=True)
class Source:
    """Files of one language from one origin: `root` and the globs under it."""

    language: str
    label: str
    root: Path
    globs: tuple[str, ...]
    postgres: bool = False
    """Written for PostgreSQL, so PostgreSQL's own parser (pglast) can check it."""
    first_party: tuple[str, ...] = ()
    """The packages the source's own imports name (`from mitmproxy import http` is no
    library's name in mitmproxy)."""


def _stdlib() -> Path:
    return Path(sysconfig.get_paths()["stdlib"])


def _site() -> Path:
    return Path(site.getsitepackages()[0])


SOURCES: tuple[Source, ...] = (
    Source("python", "CPython standard library", _stdlib(), ("*.py", "email/*.py", "asyncio/*.py")),
    Source("python", "mitmproxy (installed)", _site() / "mitmproxy", ("**/*.py",),
           first_party=("mitmproxy",)),
    Source("javascript", "express 4 (npm)", NPM, ("express/lib/**/*.js", "body-parser/**/*.js", "send/*.js")),
    Source("javascript", "npm's own code", Path("/usr/lib/node_modules/npm/lib"), ("**/*.js",)),
    Source("typescript", "rxjs 7 sources (npm)", NPM / "rxjs" / "src", ("**/*.ts",)),
    Source("tsx", "@react-spectrum/s2 sources (npm)", NPM / "@react-spectrum" / "s2" / "src", ("**/*.tsx",)),
    # Not the JDK's own sources: there every `java.*` import is first-party.
    Source("java", "JPype's Java side (PyPI sdist)", PYPI,
           ("jpype1-*/native/java/**/*.java", "jpype1-*/test/**/*.java")),
    Source("java", "gson (repository snapshot)", REPOS / "gson", ("**/*.java",)),
    Source("go", "Go 1.19 net/http, text/template (Debian golang-1.19-src)",
           DEBS / "golang-1.19-src" / "usr" / "share" / "go-1.19" / "src",
           ("net/http/**/*.go", "text/template/**/*.go", "encoding/json/*.go")),
    Source("go", "gin, cobra (Debian golang-*-dev)", DEBS, ("golang-github-*/usr/share/gocode/src/**/*.go",)),
    Source("rust", "serde, regex, clap, tokio (Debian librust-*-dev)", DEBS,
           ("librust-*-dev/usr/share/cargo/registry/*/src/**/*.rs",)),
    Source("c", "OpenSSL, curl headers (Debian -dev)", DEBS,
           ("libssl-dev/usr/include/openssl/*.h", "libcurl4-openssl-dev/usr/include/**/*.h")),
    Source("c", "brotli, zstd sources (PyPI sdists)", PYPI,
           ("brotli-*/c/**/*.[ch]", "zstandard-*/zstd/**/*.[ch]")),
    Source("cpp", "fmt, googletest, leveldb, abseil headers (Debian -dev)", DEBS,
           ("libfmt-dev/usr/include/fmt/*.h", "libgtest-dev/usr/include/**/*.h",
            "libgtest-dev/usr/src/**/*.cc", "libleveldb-dev/usr/include/**/*.h",
            "libabsl-dev/usr/include/absl/**/*.h")),
    Source("cpp", "pybind11 headers (PyPI wheel)", PYPI, ("pybind11-*/pybind11/include/**/*.h",)),
    Source("c_sharp", "pythonnet runtime (PyPI sdist)", PYPI, ("pythonnet-*/src/**/*.cs",)),
    Source("ruby", "rack, sinatra (Debian ruby-*)", DEBS, ("ruby-rack/**/*.rb", "ruby-sinatra/**/*.rb")),
    Source("php", "guzzle psr7, symfony console (Debian php-*)", DEBS, ("php-*/usr/share/php/**/*.php",)),
    Source("kotlin", "expo-modules-core Android (npm)", NPM / "expo-modules-core", ("android/**/*.kt",)),
    Source("swift", "expo-modules-core iOS (npm)", NPM / "expo-modules-core", ("ios/**/*.swift",)),
    Source("scala", "os-lib (repository snapshot)", REPOS / "os-lib", ("**/*.scala",)),
    Source("bash", "bash-completion (Debian)", DEBS / "bash-completion" / "usr" / "share" / "bash-completion",
           ("completions/*", "bash_completion")),
    Source("sql", "PostgreSQL 15 catalog and extensions (Debian)", DEBS / "postgresql-15", ("**/*.sql",),
           postgres=True),
    Source("sql", "FreeRADIUS schemas: MySQL, SQL Server, Oracle, SQLite (Debian)",
           DEBS / "freeradius-config",
           ("**/mysql/*.sql", "**/mssql/*.sql", "**/oracle/*.sql", "**/sqlite/*.sql")),
    Source("sql", "FreeRADIUS schemas: PostgreSQL (Debian)", DEBS / "freeradius-config",
           ("**/postgresql/*.sql",), postgres=True),
    Source("sql", "Chinook: Oracle, DB2, SQL Server, MySQL, SQLite (repository snapshot)",
           REPOS / "chinook-database",
           ("**/Chinook_Oracle.sql", "**/Chinook_Db2.sql", "**/Chinook_SqlServer.sql", "**/Chinook_MySql.sql",
            "**/Chinook_Sqlite.sql")),
    Source("sql", "Chinook: PostgreSQL (repository snapshot)", REPOS / "chinook-database",
           ("**/Chinook_PostgreSql.sql",), postgres=True),
)  # fmt: skip


def files(source: Source, limit: int) -> list[Path]:
    """At most `limit` of the source's files, spread over all of them (not one package's)."""
    if not source.root.is_dir():
        return []
    found = sorted(
        {
            p
            for g in source.globs
            for p in source.root.glob(g)
            if p.is_file() and 0 < p.stat().st_size <= MAX_FILE
        }
    )
    step = max(1, len(found) // limit)
    return found[::step][:limit]
