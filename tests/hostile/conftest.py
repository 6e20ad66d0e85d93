"""The fixtures of the hostile-input tests (defined with the rest of what they share, in probing.py)."""

from tests.hostile.probing import hostile_world, prober  # noqa: F401
