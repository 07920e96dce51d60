"""The highlighter's browser side of the save protocol, run in Node with a stand-in widget model: the kernel's
answers to earlier edits never undo a newer change, and an edit the kernel refused is not drawn again.

Why in Node: the race needs the kernel's answer to arrive after the student's next change (a tag, then Ctrl+Z
within a few milliseconds), which a browser test can only hope to hit; here the messages come in that order.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.widgets.frontend import module

NODE = shutil.which("node")

DRIVER = r"""
import { keepUntilConfirmed } from "./highlighter.mjs";

// ipywidgets' model as the widget sees it: a change event only when the value differs (Backbone compares deeply)
function fakeModel(state) {
  const handlers = {};
  return {
    get: (name) => state[name],
    set(name, value) {
      if (JSON.stringify(state[name]) === JSON.stringify(value)) return;
      state[name] = value;
      for (const h of [...(handlers["change:" + name] || [])]) h();
    },
    on: (event, h) => { (handlers[event] = handlers[event] || []).push(h); },
    off: (event, h) => { handlers[event] = (handlers[event] || []).filter((x) => x !== h); },
    save_changes() { sent.push(JSON.parse(JSON.stringify(state.edit))); },
  };
}
const store = new Map();
globalThis.window = { localStorage: {
  getItem: (k) => (store.has(k) ? store.get(k) : null), setItem: (k, v) => store.set(k, v),
  removeItem: (k) => store.delete(k) } };
globalThis.document = { createElement: () => ({ setAttribute() {}, className: "", textContent: "" }) };
const status = { after() {} };
const article = { querySelectorAll: () => [] };
const sent = [];
const span = (id, label) => ({ id, labels: [label], target: { paragraph: 1, start: 0, end: 4, exact: "Last" } });
const ids = (m) => m.get("spans").map((s) => s.id + ":" + s.labels.join("+"));
const out = {};

// 1. a tag, then Ctrl+Z before the kernel answered the tag
let model = fakeModel({ spans: [], edit: {}, confirmed: 0, storage_key: "nb:claims" });
let unsaved = keepUntilConfirmed(model, status, article);
const X = span("t-x", "checkable-fact");
unsaved.send([X]);
const first = sent.at(-1).seq;
unsaved.send([]);
const second = sent.at(-1).seq;
model.set("confirmed", first);             // the kernel's answer to the tag: confirmed, then its record
model.set("spans", [X]);
out.afterStaleAnswer = ids(model);
model.set("confirmed", second);            // the answer to the undo
model.set("spans", []);
out.afterUndoAnswer = ids(model);
out.pendingLeft = JSON.parse(store.get("mlkit-unsaved:nb:claims") || "[]").length;
out.undoSentBoth = sent.at(-1).ops.length;  // the undo went with the tag still unconfirmed: both, in order

// 2. an edit the kernel refused (it keeps only spans that fit the article) is not drawn again
const S = span("t-s", "banana");
unsaved.send([S]);
model.set("confirmed", sent.at(-1).seq);
model.set("spans", []);
out.afterRefused = ids(model);

// 3. another view's tag that arrives while this view has a change in flight is kept and shown
const Y = span("t-y", "opinion");
const Z = span("t-z", "checkable-fact");
unsaved.send([Z]);
model.set("spans", [Y]);                   // the record as another tab left it, before this edit is handled
out.otherViewKept = ids(model).sort();
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_late_kernel_answers_never_undo_a_newer_change(tmp_path: Path) -> None:
    (tmp_path / "highlighter.mjs").write_text(module("highlighter.js") + "\nexport { keepUntilConfirmed };\n",
                                              encoding="utf-8")
    (tmp_path / "driver.mjs").write_text(DRIVER, encoding="utf-8")
    run = subprocess.run([str(NODE), str(tmp_path / "driver.mjs")], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["afterStaleAnswer"] == []  # the late answer to the tag did not bring the undone tag back
    assert out["afterUndoAnswer"] == [] and out["pendingLeft"] == 0
    assert out["undoSentBoth"] == 2
    assert out["afterRefused"] == []
    assert out["otherViewKept"] == ["t-y:opinion", "t-z:checkable-fact"]
