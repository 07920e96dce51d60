"""Notebook 05's hand-in button: check that every notebook is saved and answered, then pack the zip.

Why a button: packing on Run All zipped the notebooks before the reflection was written (the zip held an
empty 05). Now nothing is packed until the student asks; the button first says what is not ready yet,
and ends with a link to download the zip.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
from IPython.display import HTML, display

from ..case.model import Case, load_case
from ..views.style import stylesheet
from ..views.submission import KIT_FOLDER, PackError, _folder, submission_status, zip_submission
from .key_guard import KeyGuard
from .save_status import show

__all__ = ["HandIn", "pack_submission"]


class HandIn:
    """"Pack my hand-in": checks the notebooks, then zips them; "Pack anyway" when something is not ready."""

    def __init__(self, case: Case | None = None) -> None:
        self.case = case or load_case()
        self.pack = widgets.Button(description="Check and pack my hand-in", icon="archive", button_style="primary",
                                   layout=widgets.Layout(width="auto"))
        self.anyway = widgets.Button(description="Pack it anyway", layout=widgets.Layout(width="auto", display="none"))
        self.pack.add_class("mlkit-pack-button")
        self.anyway.add_class("mlkit-pack-anyway")
        self.output = widgets.Output()
        self.output.add_class("mlkit-pack-output")
        self.pack.on_click(lambda _: self.check_and_pack())
        self.anyway.on_click(lambda _: self.pack_now())
        self.widget = widgets.VBox([widgets.HTML(stylesheet()), widgets.HBox([self.pack, self.anyway]), self.output,
                                    KeyGuard(root=".mlkit-pack")])
        self.widget.add_class("mlkit-pack")
        self.target: Path | None = None

    def not_ready(self) -> list[str]:
        """One plain sentence per notebook whose answers are not saved inside it yet."""
        table = submission_status(self.case)
        return [f"{row['notebook']} ({row['answers']}): {row['what to do']}."
                for _, row in table.iterrows() if row["status"] != "ready"]

    def check_and_pack(self) -> Path | None:
        """Pack if every notebook is ready; otherwise say what is not and offer "Pack it anyway"."""
        problems = self.not_ready()
        if not problems:
            return self.pack_now()
        items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
        self._say(f'<div class="mlkit-pack-wait" role="status"><p><b>Not packed yet.</b> Fix these first '
                  f"(then press the button again), or pack what there is:</p><ul>{items}</ul></div>")
        self.anyway.layout.display = None
        return None

    def pack_now(self) -> Path | None:
        """Zip the notebooks and autosaves into ``kit-files/`` and show a link to download the zip; ``None``
        (and why, in plain words) when the zip cannot be made there."""
        self.pack.disabled, self.pack.description = True, "Packing…"
        try:
            self.target = zip_submission()
        except PackError as exc:
            self._say(f'<div class="mlkit-pack-wait" role="alert"><p><b>Not packed:</b> {html.escape(str(exc))}.</p>'
                      "<p>Your answers are safe in the notebooks: hand the notebooks in as your teacher asked, and "
                      "show this message to your teacher.</p></div>")
            return None
        finally:
            self.pack.disabled, self.pack.description = False, "Check and pack my hand-in"
        self.anyway.layout.display = "none"
        relative = f"{KIT_FOLDER}/{self.target.name}"
        if self.target.parent.parent != _folder():  # not beside this notebook: name the place instead
            relative = ""
        link = (f'<a class="mlkit-download" href="{html.escape(relative, quote=True)}" download>'
                f"⬇ Download {html.escape(self.target.name)}</a>" if relative else
                f"<code>{html.escape(str(self.target))}</code>")
        self._say(f'<div class="mlkit-pack-done" role="status"><p><b>✓ Packed.</b> {link}</p><p>Hand this zip in '
                  f"as your teacher asked (it is also in the <code>{KIT_FOLDER}</code> folder beside the notebooks). "
                  "Changed something since? Save, then press the button again.</p></div>")
        return self.target

    def _say(self, body: str) -> None:
        # An Output widget renders through the notebook's own renderer, which turns the relative link into
        # the server's download URL (``/files/…``) in JupyterLab and Notebook 7 alike.
        self.output.clear_output()
        with self.output:
            display(HTML(body))

    def _ipython_display_(self) -> None:
        # once: ``show`` displays it, and the cell's value (the same object) must not add a second button
        if not getattr(self, "_displayed", False):
            self._displayed = True
            display(self.widget)


def pack_submission(case: Case | None = None) -> HandIn:
    """Show the hand-in button: nothing is packed until the student presses it."""
    return show(HandIn(case))
