"""What the OME-Zarr specification defines, as values the rest of the package reads."""

__all__: list[str] = []
