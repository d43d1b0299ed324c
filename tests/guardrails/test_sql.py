"""Destructive SQL found by statement, not by words: strings, comments and subqueries do not
count, a WHERE inside a subquery does not qualify the statement."""

from __future__ import annotations

import pytest

from guardrails.sql import destructive_statements
from policy.guardrails import SqlKind


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("DROP TABLE users;", [SqlKind.DROP]),
        ("drop database prod", [SqlKind.DROP]),
        ("TRUNCATE accounts; SELECT 1", [SqlKind.TRUNCATE]),
        ("DELETE FROM t", [SqlKind.DELETE_WITHOUT_WHERE]),
        ("DELETE FROM t WHERE id = 1", []),
        ("UPDATE t SET a = 1", [SqlKind.UPDATE_WITHOUT_WHERE]),
        ("UPDATE t SET a = (SELECT max(b) FROM u WHERE u.c = 1)", [SqlKind.UPDATE_WITHOUT_WHERE]),
        ("update t set a = 1 where b = 2", []),
        ("ALTER TABLE t DROP COLUMN c", [SqlKind.ALTER_DROP]),
        ("ALTER TABLE t ADD COLUMN c int", []),
        ("SELECT 'DROP TABLE x'", []),
        ("-- DROP TABLE x\nSELECT 1", []),
        ("/* TRUNCATE x; */ SELECT 1", []),
        ("SELECT $$DROP TABLE x$$", []),
        ("WITH gone AS (DELETE FROM a WHERE x RETURNING *) DELETE FROM b", [SqlKind.DELETE_WITHOUT_WHERE]),
        ("EXPLAIN DELETE FROM t", [SqlKind.DELETE_WITHOUT_WHERE]),
        ("BEGIN; DELETE FROM t; DROP INDEX i; COMMIT;", [SqlKind.DELETE_WITHOUT_WHERE, SqlKind.DROP]),
        ("prod-db.acme.internal", []),
    ],
)
def test_statements(text: str, kinds: list[SqlKind]) -> None:
    assert [s.kind for s in destructive_statements(text)] == kinds
