"""Every CLI command is documented: `dateline <command>` appears in README.md or docs/."""

from pathlib import Path

import click
import pytest

from dateline.cli import main

ROOT = Path(__file__).resolve().parents[1]


def command_paths(group: click.Group, prefix: str = "dateline"):
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from command_paths(command, path)
        else:
            yield path


DOCS = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *ROOT.glob("docs/*.md")])


@pytest.mark.parametrize("path", sorted(command_paths(main)))
def test_command_is_documented(path):
    assert path in DOCS, f"`{path}` is not mentioned in README.md or docs/*.md"


@pytest.mark.parametrize("path", sorted(command_paths(main)))
def test_command_has_help(path):
    command = main
    for name in path.split()[1:]:
        command = command.commands[name]
    assert command.help and command.help.strip(), f"{path} has no help text"
