"""The command line builds only the running command's options (start-up of a
conformance case), yet every command stays listed and each one's help is complete."""

from __future__ import annotations

import pytest

from ome_zarr_schemas.cli import _main as cli

COMMANDS = ("validate", "info", "conformance", "rules", "schema", "generate")


def _output(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        cli.main(argv)
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_the_top_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    text = _output(["--help"], capsys)
    for command in COMMANDS:
        assert f"\n    {command} " in text
    assert "one JSON verdict for the official ngff conformance" in text


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["validate", "--help"], "--concurrency"),
        (["validate", "--help"], "--jobs"),
        (["info", "--help"], "--max-fields"),
        (["conformance", "--help"], "--strict-from-path"),
        (["rules", "--help"], "--spec-version"),
        (["schema", "export", "--help"], "--bundle"),
        (["generate", "--help"], "--seed"),
    ],
)
def test_each_command_has_all_its_options(
    argv: list[str], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert option in _output(argv, capsys)


def test_an_unknown_command_names_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    text = _output(["valiate", "x.json"], capsys)
    assert "invalid choice: 'valiate'" in text
    assert all(f"'{command}'" in text for command in COMMANDS)


def test_only_the_running_command_is_built() -> None:
    parser = cli._parser(["conformance", "case.json"])
    sub = next(a for a in parser._actions if a.dest == "command")
    built = {
        name: [a.dest for a in p._actions if a.dest != "help"]
        for name, p in sub.choices.items()  # type: ignore[union-attr]
    }
    assert built.pop("conformance") == ["path", "strict", "strict_from_path"]
    assert built == {name: [] for name in COMMANDS if name != "conformance"}
