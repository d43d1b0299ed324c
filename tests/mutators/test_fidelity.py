"""What the model receives stays the code it was: reserved words and a library's names are
never renamed, file stems only where they name a module, and the definition forms real
code uses are found."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutators.base import FieldKind, Syntax, TextField
from mutators.definitions import defined_names
from mutators.languages import LANGUAGES, Language, keywords, module_stem, of_file
from mutators.mutator import IdentifierMutator
from mutators.pseudonym import Pseudonymizer
from tests.mutators.test_languages import sample

WORD = re.compile(r"\w+")


def mutator() -> IdentifierMutator:
    return IdentifierMutator(Pseudonymizer(bytes(range(32))))


def sent(path: str, code: str) -> str:
    return mutator().apply([TextField(("f",), code, FieldKind.TOOL_RESULT, source_path=path)]).texts[0]


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.name)
def test_every_language_has_its_reserved_words_beside_its_query(language: Language) -> None:
    name = language.name
    file = (language.queries or name) + ".keywords"
    assert (resources.files("mutators") / "queries" / file).is_file()
    assert len(keywords(name)) >= 20


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.name)
def test_no_reserved_word_of_a_language_in_the_request_is_ever_renamed(language: Language) -> None:
    """Each reserved word, declared in code of another language (`class where`), stays as it
    is while code of this language is in the request: renaming it would break that code."""
    name = language.name
    engine = mutator()
    code = sample(name)
    own = TextField(("f",), code.read_text(), FieldKind.TOOL_RESULT, source_path=f"/src/{code.name}")
    for word in sorted(keywords(name)):
        declared = TextField(("d",), f"```unknown\nclass {word}\n```", FieldKind.MESSAGE)
        assert word not in engine.names([own, declared]), word


@settings(max_examples=60, deadline=None)
@given(
    language=st.sampled_from([language.name for language in LANGUAGES]),
    data=st.data(),
)
def test_reserved_words_defined_in_their_own_language_stay(language: str, data: st.DataObject) -> None:
    words = data.draw(st.lists(st.sampled_from(sorted(keywords(language))), min_size=1, max_size=8))
    code = sample(language).read_text() + "\n" + "\n".join(words)
    field = TextField(("f",), code, FieldKind.TOOL_RESULT, source_path=f"/src/{sample(language).name}")
    assert not set(words) & mutator().names([field])


@pytest.mark.parametrize(
    ("path", "code", "kept"),
    [
        ("/src/ledger/mod.rs", "pub mod postings;\npub struct Ledger;\n", "pub mod "),
        ("/src/views.swift", "func move(extension: String, protocol p: Int) {}\n", "extension: String"),
        ("/src/views.swift", "func move(extension: String, protocol p: Int) {}\n", "protocol p"),
        (
            "/db/schema.sql",
            "CREATE TABLE holder (id INT, CONSTRAINT pk_holder PRIMARY KEY (id));\n"
            "SELECT id INTO v FROM holder WHERE id = 1 GROUP BY id;\n",
            "CONSTRAINT",
        ),
        ("/src/Pay.php", "<?php\nfunction settle(callable $callable) {}\n", "callable $"),
        (
            "/inc/ledger.h",
            "template <typename T> constexpr T balance_of(T x);\n",
            "template <typename T> constexpr",
        ),
    ],
)
def test_contextual_keywords_stay(path: str, code: str, kept: str) -> None:
    assert kept in sent(path, code)


@pytest.mark.parametrize(
    ("path", "code", "kept"),
    [
        (
            "/src/entry.rs",
            "use std::fmt;\nstruct Entry;\nimpl fmt::Display for Entry {\n"
            "    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { Ok(()) }\n}\n",
            ["use std::fmt;", "&mut fmt::Formatter", "fmt::Result", "fn fmt("],
        ),
        (
            "/src/settings.py",
            "import os\nimport json\ndef load(environ):\n    return json.dumps(os.environ)\n"
            "def dumps(x):\n    return x\n",
            ["json.dumps(os.environ)"],
        ),
        (
            "/src/engine.go",
            'package engine\nimport (\n\t"net/http"\n\t"text/template"\n)\n'
            "type Engine struct{ FuncMap template.FuncMap }\n"
            "func (e *Engine) Header(w http.ResponseWriter) http.Header { return w.Header() }\n",
            ["template.FuncMap", "http.Header", '"net/http"', '"text/template"'],
        ),
        (
            "/src/posting.cc",
            "#include <vector>\n#include <chrono>\n"
            "void post(int fd) { std::vector<int> vector; std::chrono::duration<int> d; }\n",
            ["#include <vector>", "std::vector<int> vector", "std::chrono::duration"],
        ),
        (
            "/src/hashes.py",
            "try:\n    import _hashopenssl\nexcept ImportError:\n    _hashopenssl = None\n",
            ["import _hashopenssl"],
        ),
        (
            "/src/paths.py",
            "import posixpath as path\nfrom os import sep\n"
            "def walk(path, sep):\n    return path.join(path, sep)\n"
            "def join(a):\n    return a\n",
            [".join(", "from os import sep"],
        ),
        (
            "/src/output.js",
            "const { output } = require('proc-log');\n"
            "const { devEngines } = await require('@npmcli/package-json').normalize(prefix);\n"
            "const show = ({ standard = [] }) => output.standard(standard);\n",
            ["const { devEngines }", "output.standard("],
        ),
        (
            "/src/Zips.scala",
            "import java.util.zip.{ZipEntry, ZipFile}\nobject zip { def entries(f: ZipFile) = 1 }\n",
            ["import java.util.zip.{ZipEntry, ZipFile}"],
        ),
        (
            "/src/certs.py",
            "from cryptography.x509 import NameOID\nx509 = load()\n",
            ["from cryptography.x509 import NameOID"],
        ),
        (
            "/src/handler.js",
            "var path = require('path');\nfunction ext(path) { return path.extname(path); }\n"
            "function extname(x) { return x; }\n",
            [".extname(", "require('path')"],
        ),
        (
            "/src/file.rs",
            "use std::fs::File as StdFile;\npub struct File;\nimpl File {\n"
            "    pub fn from_std(std: StdFile) -> File { File }\n"
            '    pub fn open() { std::fs::File::open("a"); }\n}\n',
            ["std::fs::File::open", "use std::fs::File as StdFile;"],
        ),
        (
            "/src/error.h",
            "#include <exception>\n#include <atomic>\n#include <limits>\n"
            "class LedgerError : public std::exception {\n public:\n"
            "  const char* what() const noexcept override;\n  std::atomic<int> count_;\n"
            "  int load() { return count_.load() + std::numeric_limits<int>::digits; }\n"
            "  int digits;\n};\n",
            ["what() const", "count_.load()", "std::numeric_limits<int>::digits"],
        ),
        (
            "/src/types.c",
            '#include <Python.h>\nint named(PyObject *obj) {\n  const char *tp_name = "x";\n'
            "  return Py_TYPE(obj)->tp_name == tp_name;\n}\n",
            ["->tp_name =="],
        ),
        (
            "/src/pprof.go",
            'package pprof\nimport "runtime/pprof"\n'
            "type Profile struct{}\nfunc Lookup() *pprof.Profile { return nil }\n",
            ["*pprof.Profile"],
        ),
        (
            "/src/app.js",
            "var Router = require('router');\nvar router = new Router();\nexports.route = router;\n",
            ["require('router')"],
        ),
        (
            "/src/app.ts",
            "import express from 'express';\nimport { join } from 'path';\nconst express2 = express();\n"
            "export function join2(): string { return join('a'); }\n",
            ["import express from 'express'", "import { join } from 'path'"],
        ),
    ],
)
def test_library_names_stay_in_every_position(path: str, code: str, kept: list[str]) -> None:
    out = sent(path, code)
    for piece in kept:
        assert piece in out


@pytest.mark.parametrize(
    ("path", "stem"),
    [
        ("src/ledger/accounts.py", "accounts"),
        ("src/ledger/__init__.py", None),
        ("src/ledger/mod.rs", None),
        ("src/lib.rs", None),
        ("web/index.ts", None),
        ("web/index.js", None),
        ("cmd/main.go", None),
        ("src/postings.rs", "postings"),
        ("README.md", None),
    ],
)
def test_a_file_stem_names_a_module_only_where_the_language_makes_it_one(path: str, stem: str | None) -> None:
    assert module_stem(path) == stem


@pytest.mark.parametrize(
    ("path", "code", "language"),
    [
        ("inc/ledger.h", "namespace acme {\nclass Ledger {\n public:\n  int post();\n};\n}\n", "cpp"),
        ("inc/ledger.h", "#include <vector>\nstd::vector<int> entries();\n", "cpp"),
        ("inc/ledger.h", "struct ledger { int total; };\nint ledger_post(struct ledger *l);\n", "c"),
        ("src/ledger.c", "class_of(int x);\n", "c"),
        ("src/ledger.c", "int *entry = nullptr;\n", "c"),
    ],
)
def test_headers_are_sniffed_for_cpp(path: str, code: str, language: str) -> None:
    found = of_file(path, code)
    assert found is not None
    assert found.name == language


@pytest.mark.parametrize(
    ("language", "code", "names"),
    [
        ("cpp", "void file::dup2(int fd) { }\nLedger::~Ledger() {}\n", {"dup2", "fd"}),
        ("cpp", "namespace acme { int Ledger::post_entry(int amount) { return amount; } }\n", {"post_entry"}),
        ("c", "typedef void (posting_callback)(int code);\n", {"posting_callback"}),
        ("javascript", "exports.compileRoute = function (x) { return x };\n", {"compileRoute"}),
        ("javascript", "req.acceptsTenant = function acceptsTenant(name) {};\n", {"acceptsTenant"}),
        ("javascript", "module.exports.formatLedger = 1;\n", {"formatLedger"}),
        ("javascript", "req.get = req.headerOf = function headerOf(name) {};\n", {"headerOf"}),
        ("typescript", "exports.compileRoute = (x: number) => x;\n", {"compileRoute"}),
        ("ruby", "class Request\n  def POST\n    1\n  end\nend\n", {"POST"}),
        (
            "kotlin",
            "class Ledger @Inject internal constructor(\n  private val store: Store,\n) {\n"
            "  fun postEntry(amount: Long) { }\n  val openBalance = 0\n}\n",
            {"postEntry", "openBalance"},
        ),
        (
            "c_sharp",
            "public class LedgerBook : IDisposable\n#if NET6_0\n  , IAsyncDisposable\n#endif\n{\n"
            "  public void PostEntry() { }\n}\n",
            {"LedgerBook", "PostEntry"},
        ),
        ("sql", 'CREATE TABLE "Employee" ("ReportsTo" INT, [Title] INT);\n', {"Employee", "ReportsTo"}),
        ("bash", "_pids() {\n  x=1\n}\nif [[ ; then\n_terms()\n{\n  y\n}\n", {"_pids", "_terms"}),
        (
            "swift",
            "switch x {\ncase .function(let handler), .other(let fallback):\n  return handler\n}\n",
            {"handler", "fallback"},
        ),
        ("c", "#if X(\n#define LEDGER_LIMIT 10\n", {"LEDGER_LIMIT"}),
        (
            "cpp",
            "ABSL_NAMESPACE_BEGIN\ntemplate <typename To>\n"
            "constexpr To implicit_cast(typename absl::identity_t<To> to) {\n"
            "  return to;\n}\n",
            {"implicit_cast"},
        ),
        ("cpp", "template <> struct type_caster<Money> { int value; };\n", {"type_caster"}),
        (
            "cpp",
            "enum class ABSL_MUST_USE_RESULT StatusCode : int {\n  kOk = 0,\n  kDataLoss = 15,\n};\n",
            {"kDataLoss"},
        ),
        ("python", "def zinsen_für_konto(betrag):\n    return betrag\n", {"zinsen_für_konto", "betrag"}),
        ("java", "class Kontoinhaber { int guthabenÄnderung; }\n", {"Kontoinhaber", "guthabenÄnderung"}),
        ("javascript", "function 残高を計算(口座) { return 口座; }\n", {"残高を計算", "口座"}),
    ],
)
def test_definition_forms_real_code_uses_are_found(language: str, code: str, names: set[str]) -> None:
    assert names <= defined_names(code, language)


DUMP = """CREATE TABLE account_holder (holder_id INT, full_name VARCHAR(80));
CREATE OR REPLACE PACKAGE BODY ledger_pkg AS
  PROCEDURE post_entry(p_amount NUMBER) IS
  BEGIN
    UPDATE account_holder SET full_name = 'x' WHERE holder_id = 1;
  END;
END ledger_pkg;
/
SET IDENTITY_INSERT tranche ON
GO
CREATE TABLE tranche (tranche_id INT, maturity_date DATE);
CREATE VIEW open_tranche AS SELECT tranche_id FROM tranche;
"""


def test_a_module_whose_file_the_request_holds_is_renamed_in_imports() -> None:
    fields = [
        TextField(
            ("a",), "from acme.ledger import settle\n", FieldKind.TOOL_RESULT, source_path="/r/acme/app.py"
        ),
        TextField(
            ("b",), "def settle():\n    pass\n", FieldKind.TOOL_RESULT, source_path="/r/acme/ledger.py"
        ),
    ]
    out = mutator().apply(fields).texts[0]
    assert "ledger" not in out
    assert "settle" not in out


def test_a_sql_name_is_renamed_in_every_case_it_is_written() -> None:
    code = "CREATE TABLE Album (AlbumId INT);\nselect albumid from ALBUM where ALBUMID = 1;\n"
    out = sent("/db/chinook.sql", code)
    assert not {"Album", "ALBUM", "AlbumId", "albumid", "ALBUMID"} & set(WORD.findall(out))


def test_one_statement_the_sql_grammar_cannot_parse_costs_that_statement_only() -> None:
    names = defined_names(DUMP, "sql")
    assert {"account_holder", "holder_id", "full_name"} <= names
    assert {"tranche", "tranche_id", "maturity_date", "open_tranche"} <= names
    assert {"ledger_pkg", "post_entry"} <= names


FENCES = st.sampled_from(["```python\n", "```rust\n", "```sql\n", "```\n", "```ts\n", "~~~\n", "\n"])
PIECES = st.sampled_from(
    [
        "class AccountHolder:\n    def rebalance(self): pass\n",
        "fn settle_tranche(x: u64) -> u64 { x }\n",
        "CREATE TABLE ledger_entry (entry_id INT);\n",
        "zinsen_für_konto",
        "残高を計算",
        "AccountHolder.rebalance",
        "zq_",
        "ZqAbc",
        " é ",
        "\\n",
        '"',
        "```",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(FENCES, PIECES), max_size=24), st.sampled_from([Syntax.TEXT, Syntax.JSON]))
def test_any_mix_of_fences_names_and_unicode_round_trips_exactly(parts: list[str], syntax: Syntax) -> None:
    text = "".join(parts)
    fields = [
        TextField(("c",), "```python\nclass AccountHolder:\n    pass\n```", FieldKind.MESSAGE),
        TextField(("t",), text, FieldKind.TOOL_RESULT, syntax=syntax),
    ]
    rewrite = mutator().apply(fields)
    for field, out in zip(fields, rewrite.texts, strict=True):
        restorer = rewrite.restoration.restorer(field.syntax)
        assert restorer.feed(out) + restorer.flush() == field.text
