"""Start a case folder from an article's text: ``python -m helpers new-case ID --article FILE``.

Why: a teacher has an article, not a case. This writes every file a case needs, laid out as
``lessons/README.md`` describes, so the teacher only fills in what no program can know (the outlet, the
date, the key, the timeline) and runs ``check-case`` until it is clean.
"""

from __future__ import annotations

import re
from pathlib import Path

from .check import COLUMNS
from .files import ID_PATTERN, CaseError

__all__ = ["article_markdown", "new_case"]

CSV_FILES = {
    "sources.csv": COLUMNS["sources.csv"],
    "timeline.csv": COLUMNS["timeline.csv"],
    "key/claims.csv": (*COLUMNS["key/claims.csv"], "core"),
    "key/devices.csv": (*COLUMNS["key/devices.csv"], "core"),
}

CASE_YAML = """\
# {title}: one opinion article and everything the kit needs to teach with it.
# Every field below is read by the notebooks, the grader or the release. Fill in each TODO, then run
#   python -m helpers check-case {folder}
# and, when it reports no problems, make it the kit's case with `python -m helpers use-case {id}`.
id: {id}                     # must be this folder's name; answers and grades name the case by it
title: {title_yaml}          # the headline as published (article.md's first line)
author: {author_yaml}        # TODO: the author as credited
outlet: TODO                 # TODO: the site or paper that published it
publisher: ""                # optional: who owns the outlet
# Publication date at the precision you are sure of: "2024-03-05" (day), "2024-03" (month) or "2024".
published: "TODO"
published_precision: day     # day, month or year: how much of `published` is certain
# Optional: the earliest day it can have appeared, when only the month is known but the text shows more
# (say in a comment how you know). Time words such as "last week" are read against this window.
published_not_before: null
url: ""                      # only when certain it is the article's real address
genre: opinion               # opinion, editorial, column, letter ...
rights_note: >-
  TODO: why the kit may reproduce this text (public domain and why, a licence, or quotation for
  criticism and teaching, with attribution).
left_out: >-
  Nothing. (Otherwise: what came with the text but is not the article, such as images and promotions.)
# Optional: what came with the text but is not the article; notebook 01 shows it as site furniture.
site_furniture: []           # e.g. - kind: promotion
                             #         text: "Subscribe to our newsletter"
# Optional: the event the article is about, a line on notebook 03's timeline chart.
subject: null                # e.g. date: "2024-03-01"
                             #      label: The summit
# The categories timeline.csv may use, in the order charts draw them (at least one).
timeline_categories:
  - id: background
    name: Background
  - id: the-article
    name: The article
"""

TEACHING_YAML = """\
# Case-specific teaching: what the notebooks say about THIS article. Everything here is optional: without
# it the notebooks take their examples from the key (key/claims.csv, key/devices.csv).
#
# examples: the example shown beside each claim type (notebook 02), verdict (03) and device (04), by id.
#   Give `paragraph` (a number, or headline / dek) and an exact `quote`.
# examples:
#   claim_types:
#     checkable-fact: {paragraph: 1, quote: "..."}
#   verdicts:
#     accurate: {paragraph: 2, quote: "..."}
#   devices:
#     loaded-language: {paragraph: 3, quote: "..."}
#
# worked_examples: Markdown shown under the claim-type table (tag-claims) and the device gallery (devices).
# worked_examples:
#   tag-claims: |
#     Paragraph 1 says ...
#   devices: |
#     ...
#
# timeline_words_hint: example words for notebook 03's word filters, shown as "e.g. ...".
# timeline_words_hint: council, budget
#
# timeline_filter: the category (a timeline_categories id) notebook 03's table starts on.
# timeline_filter:
#   category: background
#
# time_words_note: Markdown shown under notebook 03's table of the article's time words.
# time_words_note: >-
#   **Think about it.** ...
#
# questions: first-read questions that are about this article (they are added to the shared ones).
# questions:
#   first-read:
#     - id: author-background
#       prompt: What does the author note tell you about ...?
#
# about: a phrase for the student release's README, after the article's title: "about ...".
# about: >-
#   about ...
#
# Write your keys below, starting at the left margin (remove the "# " of the lines you copy).
"""

GUIDE_MD = """\
# {title}: instructor guide

*An outline: replace each line in italics. Students never see this file (the release leaves it out).*

## The article in brief

*Who wrote it, where and when; what it argues, in two sentences; why it is worth teaching.*

## Background

*What a teacher needs to know about the events the article discusses (the timeline has the details).*

## The claims that teach most

*Three to five claims from key/claims.csv (by id), and what each one teaches.*

## The devices to look for

*The clearest devices in key/devices.csv, and any passage where readers may reasonably disagree.*

## Teaching notes per notebook

*01 first read, 02 claims, 03 timeline, 04 devices: what is particular to this article in each lesson.*
"""


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def article_markdown(text: str) -> tuple[str, str, str]:
    """``article.md`` laid out as the docs describe, from plain text or Markdown; also (headline, author).

    Plain text: the first line is the headline; a paragraph of one short line starting "By " is the
    byline (its name becomes the author); a line "---" starts the author note. Markdown: "# " marks
    the headline and "> " lines before the first paragraph the dek. Lines of one paragraph are joined.
    """
    blocks: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").splitlines():
        line = raw.strip()
        if not line:
            blocks.append([])
        elif line in {"---", "***", "___"}:
            blocks.extend([["---"], []])
        else:
            blocks[-1].append(line)
    paragraphs = [" ".join(b) if b != ["---"] else "---" for b in blocks if b]
    if not paragraphs:
        raise CaseError("the article file is empty")
    first = paragraphs.pop(0)
    headline_lines = first.split("\n")[0]
    headline = re.sub(r"^#+\s*", "", headline_lines).strip()
    dek_parts: list[str] = []
    author = ""
    while paragraphs and (paragraphs[0].startswith(">") or re.match(r"^(by|von)\s+\S", paragraphs[0], re.I)):
        item = paragraphs.pop(0)
        if item.startswith(">"):
            dek_parts.append(re.sub(r"\s*>\s*", " ", item).strip())
        elif len(item) < 120:
            author = re.sub(r"^by\s+", "", item, flags=re.I).strip().rstrip(".")
    body, note = paragraphs, ""
    if "---" in body:
        cut = body.index("---")
        body, note = body[:cut], " ".join(body[cut + 1 :])
    if not body:
        raise CaseError("no body paragraphs found after the headline")
    out = [f"# {headline}", ""]
    if dek_parts:
        out += [f"> {' '.join(dek_parts)}", ""]
    for para in body:
        out += [para, ""]
    if note:
        out += ["---", "", note, ""]
    return "\n".join(out), headline, author


def new_case(case_id: str, article: Path, cases_dir: Path, *, force: bool = False) -> Path:
    """Write a new case folder ``cases_dir/case_id`` from the article text in ``article``."""
    if not ID_PATTERN.match(case_id):
        raise CaseError(f"{case_id!r}: a case id is lowercase letters, digits and hyphens, e.g. 'school-meals-2024'")
    try:
        text = Path(article).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CaseError(f"{article}: file is missing") from exc
    except UnicodeDecodeError as exc:
        raise CaseError(f"{article}: not UTF-8 text; save it as UTF-8 and try again") from exc
    markdown, headline, author = article_markdown(text)
    folder = Path(cases_dir) / case_id
    if folder.exists() and any(folder.iterdir()) and not force:
        raise CaseError(f"{folder} already exists; choose another id (or --force to overwrite its files)")
    (folder / "key").mkdir(parents=True, exist_ok=True)
    (folder / "article.md").write_text(markdown, encoding="utf-8")
    (folder / "case.yaml").write_text(
        CASE_YAML.format(id=case_id, title=headline, title_yaml=_yaml_string(headline),
                         author_yaml=_yaml_string(author) if author else "TODO", folder=folder),
        encoding="utf-8")
    (folder / "teaching.yaml").write_text(TEACHING_YAML, encoding="utf-8")
    (folder / "guide.md").write_text(GUIDE_MD.format(title=headline), encoding="utf-8")
    for name, columns in CSV_FILES.items():
        (folder / name).write_text(",".join(columns) + "\n", encoding="utf-8")
    return folder
