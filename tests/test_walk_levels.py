"""The walk follows a dataset path of letters and digits by joining it to the image's
path (`store.walk._Walk.expand`, issue 15): what `store.paths.resolve` gives such a
path, on drawn paths and node paths, hostile ones included."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas.store.paths import join, resolve

_SEGMENT = st.one_of(
    st.text(min_size=1, max_size=6),
    st.sampled_from(["0", "s0", "٣", "Ⅻ", "..", ".", "", "a%2Fb", "c:", "x\\y"]),
)
_BASE = st.lists(_SEGMENT, max_size=4).map("/".join)


@given(_BASE, _SEGMENT)
def test_a_plain_name_is_joined_as_resolve_joins_it(base: str, value: str) -> None:
    plain = "//" not in base and base[:1] != "/" and base[-1:] != "/"
    if plain and value.isalnum():
        assert resolve(base, value) == (join(base, value), "")
