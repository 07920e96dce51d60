"""The notebook API of the Media Literacy Notebook Kit: the functions the student notebooks call, one per step.

``__all__`` is exactly what ``notebooks/*.ipynb`` use (a test checks it). Each name is imported from its
layer the first time a notebook uses it (PEP 562), so ``import helpers`` stays cheap and a notebook pays
only for the widgets and charts it shows. The layers, lowest first: ``case`` → ``record`` → ``scoring``
→ ``activities`` → ``views``, ``grading``, ``exports`` → ``widgets``; see the README.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# name -> module that defines it
_API = {
    # every notebook (loaded on first use like the rest: ``python -m helpers`` imports this package before the
    # command runs, and ``grade`` loads the case layer with the garbage collector off, see ``cli._grade``)
    "load_case": "helpers.case",
    # 00 welcome, 01 first read, 05 wrap-up (the quick check before and after: 00 and 05)
    "enter_name": "helpers.widgets.questions",
    "prepost_check": "helpers.widgets.prepost",
    "ask": "helpers.widgets.questions",
    "show_article": "helpers.views.reading",
    "show_anatomy": "helpers.views.reading",
    "paragraph_table": "helpers.views.reading",
    "show_answers": "helpers.views.submission",
    "show_submission_status": "helpers.views.submission",
    "pack_submission": "helpers.widgets.hand_in",
    # 02 tag claims
    "show_claim_types": "helpers.views.reading",
    "tag_claims": "helpers.widgets.tagging",
    "count_claims": "helpers.views.claims",
    "plot_claims": "helpers.views.claims",
    "check_my_work": "helpers.widgets.review",
    "show_tags": "helpers.views.claims",
    # 03 check the timeline
    "explore_timeline": "helpers.widgets.timeline",
    "plot_timeline": "helpers.views.timeline_chart",
    "show_time_phrases": "helpers.views.timeline",
    "show_verdict_scale": "helpers.views.checks",
    "check_claims_against_timeline": "helpers.widgets.checking",
    "show_checks": "helpers.views.checks",
    # 04 rhetorical devices
    "show_device_gallery": "helpers.views.devices",
    "tag_devices": "helpers.widgets.tagging",
    "plot_device_counts": "helpers.views.device_charts",
    "plot_family_heatmap": "helpers.views.device_charts",
    "count_loaded_words": "helpers.views.device_charts",
    "plot_loaded_density": "helpers.views.device_charts",
    "rewrite_paragraph": "helpers.widgets.rewrite",
    "plot_rewrite": "helpers.views.device_charts",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    """Import a notebook API name from its module on first use."""
    if name not in _API:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(import_module(_API[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
