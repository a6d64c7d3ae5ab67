"""What the OME-Zarr specification says, as data: versions, where a group's metadata is,
and the links a group makes to other nodes.

Light on purpose (nothing is imported here): `spec.versions` uses only the standard
library, so the build hook and codegen can load it before the package's dependencies
exist.
"""

__all__: list[str] = []
