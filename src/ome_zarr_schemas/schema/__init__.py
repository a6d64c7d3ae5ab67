"""The schema mechanism: the packaged schemas as one offline registry (`registry`),
schema errors turned into findings (`findings`), single-file bundles for other
languages (`bundle`) and which rules those bundles enforce (`coverage`).

Light on purpose (nothing is imported here): the build hook loads `schema.bundle`,
which uses only the standard library, before the package's dependencies exist.
"""

__all__: list[str] = []
