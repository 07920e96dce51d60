"""Layer 1, case data: articles, keys, taxonomies, timelines. No IPython, widgets, plotting or pandas.

Everything above this layer receives a ``Case`` from ``load_case``.
"""

from .article import Paragraph, parse_article, split_sentences
from .files import CaseError
from .model import Case, Location, case_dir, load_case
from .selection import current_case_id

__all__ = [
    "Case", "CaseError", "Location", "Paragraph", "case_dir", "current_case_id", "load_case", "parse_article",
    "split_sentences",
]
