"""The hierarchy's version (`hierarchy._hierarchy_version`, issue 15): a target that is a
group of a known version gives its own version at once; any set of groups gives what the
general pass over every group (`_top_version`) gives, and under
`rules._shortcuts.general_only` the general pass answers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas.hierarchy import _hierarchy_version, _top_version
from ome_zarr_schemas.rules._context import Group
from ome_zarr_schemas.rules._shortcuts import general_only

PATHS = st.sampled_from(["", "A", "B", "A/1", "A/2", "A/1/0", "B/1/0", "x/y/z/w"])
VERSIONS = st.sampled_from([None, "0.4", "0.5", "0.6.dev4"])


def _groups(drawn: dict[str, str | None]) -> dict[str, Group]:
    return {path: Group(path, v, frozenset({"image"}), {}) for path, v in sorted(drawn.items())}


@given(st.dictionaries(PATHS, VERSIONS, max_size=8))
def test_the_version_is_the_general_passes(drawn: dict[str, str | None]) -> None:
    groups = _groups(drawn)
    assert _hierarchy_version(groups) == _top_version(groups)
    with general_only():
        assert _hierarchy_version(groups) == _top_version(groups)


def test_a_target_of_a_known_version_is_the_top_most_group() -> None:
    groups = _groups({"": "0.5", "A": "0.4", "B": "0.4", "A/1": "0.4"})
    assert _hierarchy_version(groups) == ("0.5", "") == _top_version(groups)
    unknown = _groups({"": None, "A": "0.4", "B": "0.5", "A/1": "0.4"})
    assert _hierarchy_version(unknown) == _top_version(unknown) == ("0.4", "A")
