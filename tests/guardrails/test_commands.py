"""Shell commands read the way a shell would run them: what each simple command is, where it
runs, and which of its paths lie outside the working tree."""

from __future__ import annotations

import shlex

import pytest

from guardrails.commands import parse_commands, paths_outside
from guardrails.errors import UnreadableCommand


def programs(script: str | list[str]) -> list[tuple[str, ...]]:
    return [command.words for command in parse_commands(script)]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("ls -la", [("ls", "-la")]),
        ("make && rm -rf /tmp/x", [("make",), ("rm", "-rf", "/tmp/x")]),
        ("a; b || c | d & e", [("a",), ("b",), ("c",), ("d",), ("e",)]),
        ("echo one\nrm -r dir", [("echo", "one"), ("rm", "-r", "dir")]),
        ('bash -c "git push --force origin main"', [("git", "push", "--force", "origin", "main")]),
        ("sh -lc 'cd / && rm -rf *'", [("cd", "/"), ("rm", "-rf", "*")]),
        (["bash", "-lc", "rm -rf ~"], [("rm", "-rf", "~")]),
        ("sudo -u root env A=1 nohup rm -rf /var", [("rm", "-rf", "/var")]),
        ("FOO=1 BAR=2 terraform destroy", [("terraform", "destroy")]),
        ("timeout 30 kubectl delete ns prod", [("kubectl", "delete", "ns", "prod")]),
        ("npx drizzle-kit push --force", [("drizzle-kit", "push", "--force")]),
        ("pnpm dlx prisma migrate reset", [("prisma", "migrate", "reset")]),
        ("uv run alembic downgrade base", [("alembic", "downgrade", "base")]),
        ('eval "rm -rf $HOME"', [("rm", "-rf", "$HOME")]),
        ("echo $(rm -rf /)", [("echo", "$"), ("rm", "-rf", "/")]),
        ('echo "$(rm -rf /)"', [("rm", "-rf", "/"), ("echo", "$(rm -rf /)")]),
        ("echo `rm -rf /`", [("rm", "-rf", "/"), ("echo", "${stdin}")]),
        ("echo '`rm -rf /`'", [("echo", "`rm -rf /`")]),
        ("r\\m -r\\f /", [("rm", "-rf", "/")]),
        ("'rm' \"-rf\" /", [("rm", "-rf", "/")]),
        ("echo a#b; rm -rf / # gone", [("echo", "a#b"), ("rm", "-rf", "/")]),
        ("if true; then rm -rf /srv; fi", [("true",), ("rm", "-rf", "/srv")]),
        ("{ rm -rf /; }", [("rm", "-rf", "/")]),
        ("(cd /etc && rm -rf x)", [("cd", "/etc"), ("rm", "-rf", "x")]),
        ("find . | xargs -I{} rm -rf {}", [("find", "."), ("rm", "-rf", "{}", "${stdin}")]),
        ('ssh -p 2222 prod "rm -rf /srv/app"', [("rm", "-rf", "/srv/app")]),
        ('env -S "rm -rf /"', [("rm", "-rf", "/")]),
        ('echo "never closed; rm -rf /', [("echo", "never closed; rm -rf /")]),
    ],
)
def test_each_simple_command_is_found_as_it_would_run(
    script: str | list[str], expected: list[tuple[str, ...]]
) -> None:
    assert programs(script) == expected


def test_here_documents_pipes_and_redirections_are_attached_to_their_command() -> None:
    psql, done = parse_commands("psql -h db <<'SQL'\nDROP TABLE t;\nSQL\necho done > log.txt 2>&1")
    assert psql.stdin == "DROP TABLE t;"
    assert done.words == ("echo", "done")
    assert done.writes == ("log.txt",)
    _, client = parse_commands('echo "TRUNCATE t" | psql')
    assert client.stdin == "TRUNCATE t"


@pytest.mark.parametrize(
    ("script", "outside"),
    [
        ("rm -rf build", []),
        ("rm -rf ./dist/*", []),
        ("rm -rf ../sibling", ["../sibling"]),
        ("cd src && rm -rf ../../x", ["../../x"]),
        ("cd /tmp && rm -rf x", ["x"]),
        ("rm -rf /home/dev/app/build", []),
        ("rm -rf /home/dev/app", ["/home/dev/app"]),
        ("rm -rf /home/dev/other", ["/home/dev/other"]),
        ("rm -rf ~/", ["~/"]),
        ('rm -rf "$TARGET"', ["$TARGET"]),
        ("cd $X && rm -rf y", ["y"]),
        ("rm -rf -- -weird", []),
        ('ssh prod "rm -rf build"', ["build"]),
    ],
)
def test_paths_outside_the_working_tree(script: str, outside: list[str]) -> None:
    command = parse_commands(script)[-1]
    assert paths_outside(command, "/home/dev/app") == outside


def test_without_a_known_tree_every_absolute_path_is_outside() -> None:
    (command,) = parse_commands("rm -rf /home/dev/app/build tmp")
    assert paths_outside(command, None) == ["/home/dev/app/build"]


def test_wrappers_nested_too_deep_cannot_be_read() -> None:
    script = "rm -rf /"
    for _ in range(10):
        script = f"bash -c {shlex.quote(script)}"
    with pytest.raises(UnreadableCommand):
        parse_commands(script)
