"""Make a class of realistic saved notebooks for the benchmarks, through the tests' one notebook factory."""

from __future__ import annotations

import base64
import io
import os
import random
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the one factory for saved notebooks lives with the tests

from factories import saved_notebook  # noqa: E402

from helpers.case import load_case  # noqa: E402
from helpers.case.key import claims_key  # noqa: E402
from helpers.case.taxonomy import load_claim_types  # noqa: E402
from helpers.views.reading import show_article, show_claim_types  # noqa: E402


def _chart_png(seed: int) -> str:
    import matplotlib.pyplot as plt

    rng = random.Random(seed)
    fig, ax = plt.subplots(figsize=(8.5, 4.2), dpi=200)  # a retina inline figure, as JupyterLab often saves
    for n in range(4):
        ax.bar(range(1, 13), [rng.randint(0, 5) for _ in range(12)], bottom=n * 5, hatch=["//", "..", "xx", ""][n])
        ax.plot(range(1, 13), [rng.random() * 20 for _ in range(12)])
    ax.set_title("Claims you tagged, by paragraph")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def make_class(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` saved copies of notebook 02, each with its own tags, outputs and an answer record."""
    os.environ["MLKIT_ANSWERS_DIR"] = str(folder / ".autosaves")
    rng = random.Random(seed)
    case = load_case("sochi-2015")
    key = claims_key(case) or ()
    types = [t.id for t in load_claim_types()]
    pngs = [_chart_png(n) for n in range(8)]
    article_html = show_article(case).data
    labels_html = show_claim_types(case).data
    paths = []
    for n in range(count):
        spans = []
        for i, k in enumerate(rng.sample(list(key), k=rng.randint(3, min(20, len(key))))):
            start = k.start + rng.randint(0, 5)
            end = max(start + 1, k.end - rng.randint(0, 5))
            text = case.paragraph(k.paragraph).text
            spans.append(
                {
                    "id": f"t-{n}-{i}",
                    "labels": [rng.choice([k.label, k.label, rng.choice(types)])],
                    "target": {"paragraph": k.paragraph, "exact": text[start:end], "start": start, "end": end},
                }
            )
        outputs = {
            "claim-types": [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                             "data": {"text/html": labels_html, "text/plain": "<HTML>"}}],
            "chart": [{"output_type": "display_data", "metadata": {},
                       "data": {"image/png": pngs[n % len(pngs)], "text/plain": "<Figure>"}}],
            "table": [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                       "data": {"text/html": article_html * 3, "text/plain": "table"}}],
        }
        path = folder / f"student-{n:04d}" / "02_tag_claims.ipynb"
        # The autosave is removed after each student (the factory's default): the store is keyed by notebook
        # name, so a kept one made every later student's record carry earlier students' removed tags.
        paths.append(saved_notebook(path, f"Student {n}", spans, "claims", outputs=outputs, model_id=f"{n:032x}"))
    return paths
