"""The command line builds only the running command's options (start-up of a
conformance case), yet every command stays listed and each one's help is complete."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ome_zarr_schemas.cli import _conformance, main
from ome_zarr_schemas.cli import _main as cli

from .test_conformance_cli import SHOULD_ONLY  # valid, unless strict

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


# --- the conformance runner's forms, answered without a parser (`cli._conformance.quick`)

QUICK_FORMS = [
    ["conformance", "{case}"],
    ["conformance", "--strict", "{case}"],
    ["conformance", "--strict-from-path", "{case}"],
    ["conformance", "{case}", "--strict-from-path"],
    ["conformance", "--strict-from-path", "--strict", "{case}"],
    ["conformance", "--strict", "--strict", "{case}"],
    ["conformance", "{missing}"],
    ["conformance", "{folder}"],
]
#: Forms only argparse may answer (an error, help, an abbreviation, two paths ...).
PARSED_FORMS = [
    ["conformance"],
    ["conformance", "--help"],
    ["conformance", "-x", "{case}"],
    ["conformance", "--strict-from", "{case}"],
    ["conformance", "{case}", "{case}"],
    ["conformance", "--", "{case}"],
    ["conformance", "-"],
    ["--version", "conformance", "{case}"],
    ["validate", "{case}"],
    [],
]


def _form(form: list[str], tmp_path: Path) -> list[str]:
    case = tmp_path / "tests" / "attributes" / "strict" / "valid" / "image" / "case.json"
    case.parent.mkdir(parents=True, exist_ok=True)
    case.write_text(json.dumps(SHOULD_ONLY), "utf-8")
    names = {"case": case, "missing": tmp_path / "missing.json", "folder": tmp_path / "tests"}
    return [part.format(**{k: str(v) for k, v in names.items()}) for part in form]


def _outcome(main: Any, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[Any, ...]:
    try:
        code = main(argv)
    except SystemExit as exit:
        code = ("exit", exit.code)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("form", QUICK_FORMS, ids=" ".join)
def test_a_runner_form_is_answered_as_the_parser_answers_it(
    form: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _form(form, tmp_path)
    parsed = _outcome(cli.main, argv, capsys)
    assert _outcome(_conformance.quick, argv, capsys) == parsed
    assert _outcome(main, argv, capsys) == parsed
    assert parsed[0] == 0 and "valid" in json.loads(parsed[1])


def test_the_strict_forms_differ(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """So the comparison above can fail: the case is valid unless strict."""
    verdicts = [
        json.loads(_outcome(_conformance.quick, _form(form, tmp_path), capsys)[1])["valid"]
        for form in QUICK_FORMS[:3]
    ]
    assert verdicts == [True, False, False]


def test_version_is_answered_as_the_parser_answers_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parsed = _outcome(cli.main, ["--version"], capsys)
    assert _outcome(_conformance.quick, ["--version"], capsys) == parsed
    assert parsed[0] == ("exit", 0) and parsed[1].startswith("ome-zarr-schemas ")


@pytest.mark.parametrize("form", PARSED_FORMS, ids=lambda f: " ".join(f) or "none")
def test_any_other_form_goes_to_the_parser(form: list[str], tmp_path: Path) -> None:
    assert _conformance.quick(_form(form, tmp_path)) is None
