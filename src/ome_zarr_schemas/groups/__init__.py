"""The group classes of every version, one module per kind of group.

`base` (what every group has), `image` (images, labels, label images), `plate` (plates
and wells), `bioformats2raw`, `scene` (0.6). The version packages `v04`, `v05`, `v06`
subclass them, naming the classes a group's children take (``v05.Image.labels_class``
is ``v05.Labels``): use those.
"""

from __future__ import annotations

__all__: list[str] = []
