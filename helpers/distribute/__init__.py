"""Hand the kit out on a JupyterHub (nbgitpuller links) and collect the class's work for grading.

Why a stage of its own: handing out and collecting sit beside grading, not inside the notebooks, and
depend on nothing else in ``helpers`` (standard library only), so they keep working while the rest moves.
"""

from .collect import CollectReport, collect
from .link import Links, make_links

__all__ = ["CollectReport", "Links", "collect", "make_links"]
