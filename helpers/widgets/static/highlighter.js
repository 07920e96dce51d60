// Highlighter: select words of an article (mouse) or move sentence by sentence (keyboard) and label them.
// All state lives in the model's synced traits ("spans" is the answer list); the kernel validates and saves.
// Labels are shown as text (a badge after each highlight) as well as colour, for colour-blind readers.

const WORD = /[\p{L}\p{N}’'-]/u;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// "Headline", "Standfirst" (the rows numbered 0 and -1 carry a label) or "Paragraph 3"
function placeName(para) {
  return para.label || `Paragraph ${para.number}`;
}

function newId() {
  return "t-" + Math.random().toString(36).slice(2, 10).padEnd(8, "0");
}

function render({ model, el: root }) {
  root.classList.add("mlkit-hl");
  const releaseGuard = guardShortcuts(root); // keyguard.js: keep the notebook's j/k/d shortcuts out, Ctrl+S in
  let focus = null; // {p: paragraph index, s: sentence index} for keyboard work
  let menu = null;
  const past = []; // undo history: earlier span lists, newest last
  const future = []; // redo history
  let busyTimer = null; // shows "working…" if the kernel takes a moment to answer
  let clickStart = null; // the first word clicked when selecting without dragging: {number, start, end}

  const labelsById = () => Object.fromEntries(model.get("labels").map((l) => [l.id, l]));
  const multi = () => model.get("multi_label");

  // ---- layout -------------------------------------------------------------------------------------------
  const help = el("details", { class: "mlkit-hl-help" },
    el("summary", { text: "How to tag (mouse or keyboard)" }),
    el("ul", {},
      el("li", { text: "Mouse: select words in the article, then pick a label from the menu that opens. Without dragging: click the first word, then click the last word." }),
      el("li", { text: "Keyboard: click the article or Tab to it, move with ↓ / ↑ (or j / k) sentence by sentence, then press a label's key to tag the whole sentence. Enter opens the menu, Delete removes tags in the sentence, Esc closes the menu." }),
      el("li", { text: "Click a highlight (or press Enter on it) to change its label or remove it." }),
      el("li", { text: "Undo with Ctrl+Z (⌘Z on a Mac) or the Undo button; redo with Ctrl+Shift+Z or Redo." })));
  const legend = el("div", { class: "mlkit-hl-legend" });
  const status = el("div", { class: "mlkit-hl-status", role: "status", "aria-live": "polite" });
  const announcer = el("div", { class: "mlkit-visually-hidden", "aria-live": "polite" });
  const article = el("div", {
    class: "mlkit-hl-article", tabindex: "0", role: "document",
    "aria-label": "Article text. Use the down and up arrows to move between sentences and a label key to tag.",
  });
  const count = el("span", { class: "mlkit-hl-count" });
  const toolbar = buildToolbar(count);
  const hint = el("div", { class: "mlkit-hl-hint", role: "status", "aria-live": "polite" });
  root.append(help, legend, status, hint, toolbar, article, announcer);
  const unsaved = keepUntilConfirmed(model, status, article);

  // A short list of labels shows whole. A long grouped one (the 23 devices) would push the article a screen
  // down: the labels with a shortcut key stay in view, and the whole list, by family, folds away (the menu
  // has every label anyway, and each highlight says its label in words).
  function drawLegend() {
    const labels = model.get("labels");
    const chip = (l) => el("span", { class: "mlkit-hl-chip", role: "listitem", title: l.definition || "" },
      el("span", { class: "mlkit-hl-swatch", style: `background:${l.color}` }),
      l.key ? el("kbd", { text: l.key }) : "", " " + l.name);
    const row = (items, label) => el("div", { class: "mlkit-hl-legend-row", role: "list", "aria-label": label },
      ...items.map(chip));
    const keyed = labels.filter((l) => l.key);
    if (labels.length <= 10 || !labels.some((l) => l.group) || !keyed.length) {
      legend.replaceChildren(row(labels, "Labels and their keys"));
      return;
    }
    const families = new Map();
    for (const l of labels) {
      const name = l.group || "Other";
      if (!families.has(name)) families.set(name, []);
      families.get(name).push(l);
    }
    legend.replaceChildren(
      el("span", { class: "mlkit-hl-legend-lead", text: "Keys:" }), row(keyed, "Labels with a shortcut key"),
      el("details", { class: "mlkit-hl-legend-all" },
        el("summary", { text: `All ${labels.length} labels and their colours, by family` }),
        ...[...families].map(([name, items]) => el("div", { class: "mlkit-hl-legend-family" },
          el("span", { class: "mlkit-hl-legend-name", text: name }), row(items, name)))));
  }

  function drawStatus() {
    status.textContent = model.get("status");
    status.dataset.level = model.get("status_level");
  }

  // ---- article ------------------------------------------------------------------------------------------
  function spansIn(number) {
    return model.get("spans").filter((s) => s.target && s.target.paragraph === number);
  }

  function drawArticle() {
    const header = model.get("header") || {};
    const parts = [];
    if (header.headline) parts.push(el("h3", { class: "mlkit-hl-headline", text: header.headline }));
    if (header.dek) parts.push(el("p", { class: "mlkit-hl-dek", text: header.dek }));
    // the byline goes under the headline and standfirst, whether they are plain (header) or rows to tag
    const lastPart = model.get("paragraphs").findLastIndex((p) => p.label);
    const byline = () => header.byline && parts.push(el("p", { class: "mlkit-hl-byline", text: header.byline }));
    if (lastPart < 0) byline();
    const byId = labelsById();
    model.get("paragraphs").forEach((para, pIndex) => {
      const spans = spansIn(para.number);
      const cuts = new Set([0, para.text.length]);
      for (const [a, b] of para.sentences) { cuts.add(a); cuts.add(b); }
      for (const s of spans) { cuts.add(s.target.start); cuts.add(s.target.end); }
      const points = [...cuts].filter((x) => x >= 0 && x <= para.text.length).sort((a, b) => a - b);
      const body = el("span", { class: "mlkit-hl-text", "data-paragraph": para.number });
      for (let i = 0; i < points.length - 1; i++) {
        const [a, b] = [points[i], points[i + 1]];
        const covering = spans.filter((s) => s.target.start <= a && s.target.end >= b);
        const sIndex = para.sentences.findIndex(([x, y]) => x <= a && b <= y);
        const seg = el(covering.length ? "mark" : "span", { class: "mlkit-hl-seg", "data-start": a, "data-end": b });
        seg.textContent = para.text.slice(a, b);
        if (sIndex >= 0) seg.dataset.sentence = sIndex;
        if (covering.length) {
          const first = byId[covering[covering.length - 1].labels[0]] || {};
          seg.style.setProperty("--mlkit-color", first.color || "#999");
          seg.dataset.spans = covering.map((s) => s.id).join(" ");
          if (covering.length > 1) seg.classList.add("mlkit-hl-overlap");
          const ending = covering.filter((s) => s.target.end === b);
          if (ending.length) {
            seg.dataset.badge = ending.map((s) => s.labels.map((id) => (byId[id] || { name: id }).name).join(" + ")).join(" | ");
            seg.classList.add("mlkit-hl-end");
          }
          seg.title = covering.map((s) => s.labels.map((id) => (byId[id] || { name: id }).name).join(" + ")).join("; ") + " (click to change)";
        }
        if (focus && focus.p === pIndex && focus.s === sIndex) seg.classList.add("mlkit-hl-focus");
        body.append(seg);
      }
      // the headline and standfirst (numbered 0 and -1) are rows like the paragraphs, named instead of numbered
      const partClass = para.number === 0 ? "mlkit-hl-headline" : "mlkit-hl-dek";
      const row = para.label ? el(para.number === 0 ? "h3" : "p", { class: `mlkit-hl-para mlkit-hl-part ${partClass}` })
        : el("p", { class: "mlkit-hl-para" });
      row.append(el("span", { class: `mlkit-hl-num${para.label ? " mlkit-hl-partname" : ""}`, "aria-hidden": "true",
        text: para.label || String(para.number) }),
      el("span", { class: "mlkit-visually-hidden", text: `${placeName(para)}. ` }), body);
      parts.push(row);
      if (pIndex === lastPart) byline();
    });
    if (header.note) parts.push(el("p", { class: "mlkit-hl-note", text: header.note }));
    article.replaceChildren(...parts);
    const n = model.get("spans").length;
    count.textContent = `${n} tag${n === 1 ? "" : "s"} so far.`;
    drawClickStart();
  }

  // ---- editing ------------------------------------------------------------------------------------------
  function commit(spans, remember = true) {
    if (remember) rememberForUndo();
    unsaved.send(spans); // sets "spans" with the edits that made them, kept until the kernel confirms
    setBusy(true);
  }

  function makeSpan(number, start, end, labels) {
    const para = model.get("paragraphs").find((p) => p.number === number);
    const text = para.text;
    return {
      id: newId(), labels,
      target: { paragraph: number, exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - 32), start),
                suffix: text.slice(end, end + 32), start, end },
    };
  }

  function applyLabel(range, labelId) {
    // range: {number, start, end}; a span with the same extent is relabelled (or toggled if multi-label)
    const spans = model.get("spans").map((s) => ({ ...s, labels: [...s.labels] }));
    const same = spans.find((s) => s.target.paragraph === range.number && s.target.start === range.start && s.target.end === range.end);
    let said;
    if (same && multi()) {
      same.labels = same.labels.includes(labelId) ? same.labels.filter((x) => x !== labelId) : [...same.labels, labelId];
      said = same.labels.includes(labelId) ? "Added" : "Removed";
      commit(same.labels.length ? spans : spans.filter((s) => s !== same));
    } else if (same) {
      same.labels = [labelId];
      said = "Relabelled as";
      commit(spans);
    } else {
      spans.push(makeSpan(range.number, range.start, range.end, [labelId]));
      said = "Tagged as";
      commit(spans);
    }
    announce(`${said} ${(labelsById()[labelId] || { name: labelId }).name}.`);
  }

  function removeSpans(ids) {
    commit(model.get("spans").filter((s) => !ids.includes(s.id)));
    announce(`Removed ${ids.length} tag${ids.length === 1 ? "" : "s"}.`);
  }

  function announce(text) {
    announcer.textContent = "";
    setTimeout(() => { announcer.textContent = text; }, 30);
  }

  // ---- menu ---------------------------------------------------------------------------------------------
  function closeMenu(refocus = true) {
    if (menu) { menu.remove(); menu = null; }
    if (refocus) article.focus({ preventScroll: true });
  }

  function openMenu(range, anchorRect, existing = []) {
    closeMenu(false);
    const rootRect = root.getBoundingClientRect();
    const current = existing.length ? existing[existing.length - 1] : null;
    const title = current ? `“${current.target.exact.slice(0, 80)}${current.target.exact.length > 80 ? "…" : ""}”`
      : `“${range.text.slice(0, 80)}${range.text.length > 80 ? "…" : ""}”`;
    const buttons = model.get("labels").map((l) => {
      const on = current && current.labels.includes(l.id);
      return el("button", {
        class: "mlkit-hl-item", type: "button", role: multi() ? "menuitemcheckbox" : "menuitemradio",
        "aria-checked": on ? "true" : "false", title: l.definition || "", "data-label": l.id,
        onclick: () => { applyLabel(current ? { number: current.target.paragraph, start: current.target.start, end: current.target.end } : range, l.id); closeMenu(); },
      }, el("span", { class: "mlkit-hl-swatch", style: `background:${l.color}` }), el("kbd", { text: l.key || "" }), " " + l.name, on ? " ✓" : "");
    });
    if (current) {
      buttons.push(el("button", { class: "mlkit-hl-item mlkit-hl-remove", type: "button", role: "menuitem",
        onclick: () => { removeSpans([current.id]); closeMenu(); } }, "Remove this tag"));
    }
    buttons.push(el("button", { class: "mlkit-hl-item", type: "button", role: "menuitem", onclick: () => closeMenu() }, "Cancel (Esc)"));
    const extras = buttons.slice(model.get("labels").length);
    const { box, search, list } = buildMenu(buttons.slice(0, model.get("labels").length), extras,
      (current ? "Change tag: " : "Tag: ") + title, current ? "Change or remove this tag" : "Choose a label");
    menu = box;
    placeMenu(menu, anchorRect, rootRect);
    root.append(menu);
    fitMenu(menu, list);
    (search || list.querySelector("button")).focus({ preventScroll: true });
  }

  function onMenuKey(e) {
    const items = [...menu.querySelectorAll("button")].filter((b) => !b.hidden && !b.closest("[hidden]"));
    const at = items.indexOf(document.activeElement);
    let handled = true;
    if (e.target.matches && e.target.matches("input.mlkit-hl-search")) return onSearchKey(e, items);
    if (e.key === "Escape") closeMenu();
    else if (e.key === "ArrowDown") items[(at + 1) % items.length].focus();
    else if (e.key === "ArrowUp") items[(at - 1 + items.length) % items.length].focus();
    else if (e.key === "Enter" || e.key === " ") { if (at >= 0) items[at].click(); }
    else if (e.key === "Tab") handled = false;
    else {
      const label = model.get("labels").find((l) => l.key && l.key === e.key.toLowerCase());
      const button = label && menu.querySelector(`button[data-label="${label.id}"]`);
      if (button && !e.ctrlKey && !e.metaKey && !e.altKey) button.click();
      else handled = false;
    }
    return handled;
  }

  // ---- mouse --------------------------------------------------------------------------------------------
  function offsetIn(body, node, offset) {
    // character offset of (node, offset) within the paragraph's text, counting only segment text
    let total = 0;
    for (const seg of body.querySelectorAll(".mlkit-hl-seg")) {
      if (seg.contains(node)) {
        if (node.nodeType === Node.TEXT_NODE) {
          const before = document.createRange(); // text before (node, offset) inside this segment
          before.setStart(seg, 0);
          before.setEnd(node, offset);
          return Number(seg.dataset.start) + before.toString().length;
        }
        return Number(seg.dataset.start) + (offset > 0 ? seg.textContent.length : 0);
      }
      total = Number(seg.dataset.end);
    }
    if (node === body) {
      const segs = body.querySelectorAll(".mlkit-hl-seg");
      return offset >= segs.length ? total : Number(segs[offset].dataset.start);
    }
    return null;
  }

  function snapToWords(text, start, end) {
    while (start > 0 && WORD.test(text[start - 1]) && WORD.test(text[start])) start--;
    while (end < text.length && WORD.test(text[end]) && end > 0 && WORD.test(text[end - 1])) end++;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    return [start, end];
  }

  function onMouseUp(event) {
    if (menu && menu.contains(event.target)) return;
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed && sel.rangeCount) {
      const r = sel.getRangeAt(0);
      const startBody = (r.startContainer.nodeType === 1 ? r.startContainer : r.startContainer.parentElement).closest(".mlkit-hl-text");
      const endBody = (r.endContainer.nodeType === 1 ? r.endContainer : r.endContainer.parentElement).closest(".mlkit-hl-text");
      if (!startBody || !article.contains(startBody)) return;
      const number = Number(startBody.dataset.paragraph);
      const para = model.get("paragraphs").find((p) => p.number === number);
      let start = offsetIn(startBody, r.startContainer, r.startOffset);
      let end = endBody === startBody ? offsetIn(startBody, r.endContainer, r.endOffset) : para.text.length;
      if (start === null || end === null) return;
      [start, end] = snapToWords(para.text, Math.min(start, end), Math.max(start, end));
      if (end <= start) return;
      const rect = r.getBoundingClientRect();
      if (endBody !== startBody) announce("A tag stays within one paragraph: the selection was cut at the paragraph's end.");
      openMenu({ number, start, end, text: para.text.slice(start, end) }, rect);
      return;
    }
    const seg = event.target.closest && event.target.closest("mark.mlkit-hl-seg");
    if (seg && article.contains(seg)) { clearClickStart(); openForSegment(seg); return; }
    onPlainClick(event);
  }

  function openForSegment(seg) {
    const ids = (seg.dataset.spans || "").split(" ").filter(Boolean);
    const spans = model.get("spans").filter((s) => ids.includes(s.id))
      .sort((a, b) => (b.target.end - b.target.start) - (a.target.end - a.target.start)); // innermost last
    if (spans.length) openMenu(null, seg.getBoundingClientRect(), spans);
  }

  // ---- keyboard -----------------------------------------------------------------------------------------
  function focusedRange() {
    if (!focus) return null;
    const para = model.get("paragraphs")[focus.p];
    const [start, end] = para.sentences[focus.s];
    return { number: para.number, start, end, text: para.text.slice(start, end) };
  }

  function moveFocus(step) {
    const paras = model.get("paragraphs");
    const flat = [];
    paras.forEach((p, i) => p.sentences.forEach((_, j) => flat.push({ p: i, s: j })));
    if (!flat.length) return;
    let at = focus ? flat.findIndex((f) => f.p === focus.p && f.s === focus.s) : -1;
    at = at < 0 ? (step > 0 ? 0 : flat.length - 1) : Math.max(0, Math.min(flat.length - 1, at + step));
    focus = flat[at];
    drawArticle();
    const first = article.querySelector(".mlkit-hl-focus");
    if (first) first.scrollIntoView({ block: "nearest" });
    const range = focusedRange();
    const tags = spansCoveringRange(range).map((s) => s.labels.map((id) => (labelsById()[id] || { name: id }).name).join(" + "));
    announce(`${placeName(model.get("paragraphs")[focus.p])}, sentence ${focus.s + 1}: ${range.text}${tags.length ? ". Tagged: " + tags.join(", ") : ""}`);
  }

  function spansCoveringRange(range) {
    return model.get("spans").filter((s) => s.target.paragraph === range.number && s.target.start < range.end && s.target.end > range.start);
  }

  // Keys are caught on window in the capture phase, before JupyterLab or Notebook 7 can treat them as
  // notebook shortcuts (j, k, arrows, Enter, d d...), and only when focus is inside this widget.
  function onWindowKey(event) {
    if (!root.isConnected) return;
    let handled = false;
    if (root.contains(event.target) && isUndoKey(event)) handled = onUndoKey(event);
    else if (menu && menu.contains(event.target)) handled = onMenuKey(event);
    else if (event.target === article) handled = onArticleKey(event);
    if (handled) { event.preventDefault(); event.stopPropagation(); event.stopImmediatePropagation(); }
  }

  function onArticleKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    const key = event.key;
    let handled = true;
    if (key === "ArrowDown" || key === "j") moveFocus(1);
    else if (key === "ArrowUp" || key === "k") moveFocus(-1);
    else if (key === "Escape") { focus = null; clickStart = null; drawArticle(); }
    else if (key === "Enter" || key === " ") {
      if (!focus) moveFocus(1);
      const range = focusedRange();
      const inside = spansCoveringRange(range);
      const seg = article.querySelector(".mlkit-hl-focus") || article;
      openMenu(range, seg.getBoundingClientRect(), inside.filter((s) => s.target.start === range.start && s.target.end === range.end));
    } else if (key === "Delete" || key === "Backspace") {
      const range = focusedRange();
      if (range) {
        const inside = model.get("spans").filter((s) => s.target.paragraph === range.number && s.target.start >= range.start && s.target.end <= range.end);
        if (inside.length) removeSpans(inside.map((s) => s.id)); else announce("No tags in this sentence.");
      }
    } else {
      const label = model.get("labels").find((l) => l.key && l.key === key.toLowerCase());
      if (label) {
        if (!focus) moveFocus(1);
        applyLabel(focusedRange(), label.id);
      } else handled = false;
    }
    return handled;
  }

  function onDocumentMouseDown(event) {
    if (menu && !menu.contains(event.target)) closeMenu(false);
  }

  article.addEventListener("mouseup", onMouseUp);
  window.addEventListener("keydown", onWindowKey, true);
  article.addEventListener("focus", () => article.classList.add("mlkit-hl-active"));
  document.addEventListener("mousedown", onDocumentMouseDown, true);

  // Redraw only when something visible changed (the kernel echoes spans back with prefix, suffix and
  // timestamps added), and never while the mouse button is down: replacing the text nodes under a
  // selection being dragged makes the browser re-anchor it in the wrong words.
  let shown = "";
  let mouseDown = false;
  let pending = false;
  const signature = () => JSON.stringify(model.get("spans").map((s) => [s.id, s.labels, s.target.paragraph, s.target.start, s.target.end]));
  const redraw = () => {
    if (mouseDown) { pending = true; return; }
    const now = signature();
    if (now === shown) return;
    shown = now;
    drawArticle();
  };
  article.addEventListener("mousedown", () => { mouseDown = true; });
  const onMouseUpAnywhere = () => {
    mouseDown = false;
    if (pending) { pending = false; setTimeout(redraw, 0); }
  };
  window.addEventListener("mouseup", onMouseUpAnywhere, true);
  model.on("change:spans", () => { setBusy(false); redraw(); });
  model.on("change:status", () => setBusy(false));
  model.on("change:ack", () => setBusy(false));
  model.on("change:hint", drawHint);
  model.on("change:spans", unsaved.mark);
  model.on("change:paragraphs", redraw);
  model.on("change:labels", () => { drawLegend(); drawArticle(); });
  model.on("change:status", drawStatus);
  model.on("change:status_level", drawStatus);
  drawLegend();
  drawStatus();
  drawHint();
  drawHistory();
  shown = signature();
  drawArticle();
  unsaved.resend();

  // ---- undo and redo (history of the span list, kept in this view) ------------------------------------------
  function buildToolbar(countNode) {
    const undo = el("button", { class: "mlkit-hl-tool mlkit-hl-undo", type: "button", title: "Undo (Ctrl+Z)", onclick: () => undoRedo(-1) }, "↶ Undo");
    const redo = el("button", { class: "mlkit-hl-tool mlkit-hl-redo", type: "button", title: "Redo (Ctrl+Shift+Z)", onclick: () => undoRedo(1) }, "↷ Redo");
    const busy = el("span", { class: "mlkit-hl-busy", "aria-hidden": "true", text: "working…" });
    return el("div", { class: "mlkit-hl-toolbar" }, undo, redo, countNode, busy);
  }
  function rememberForUndo() {
    past.push(JSON.parse(JSON.stringify(model.get("spans"))));
    if (past.length > 100) past.shift();
    future.length = 0;
    drawHistory();
  }
  function undoRedo(step) {
    const [from, to] = step < 0 ? [past, future] : [future, past];
    if (!from.length) { announce(step < 0 ? "Nothing to undo." : "Nothing to redo."); return; }
    to.push(JSON.parse(JSON.stringify(model.get("spans"))));
    const spans = from.pop();
    commit(spans, false);
    drawHistory();
    announce(`${step < 0 ? "Undone" : "Redone"}: ${spans.length} tag${spans.length === 1 ? "" : "s"} now.`);
  }
  function drawHistory() {
    const [undo, redo] = [toolbar.querySelector(".mlkit-hl-undo"), toolbar.querySelector(".mlkit-hl-redo")];
    undo.setAttribute("aria-disabled", past.length ? "false" : "true");
    redo.setAttribute("aria-disabled", future.length ? "false" : "true");
  }
  function isUndoKey(event) {
    const key = event.key.toLowerCase();
    return (event.ctrlKey || event.metaKey) && !event.altKey && (key === "z" || key === "y");
  }
  function onUndoKey(event) {
    if (event.target.matches && event.target.matches("input, textarea")) return false;
    undoRedo(event.key.toLowerCase() === "y" || event.shiftKey ? 1 : -1);
    return true;
  }

  // ---- working state: shown from a change until the kernel answers --------------------------------------
  function setBusy(on) {
    clearTimeout(busyTimer);
    if (on) busyTimer = setTimeout(() => root.classList.add("mlkit-hl-working"), 400);
    else root.classList.remove("mlkit-hl-working");
    root.setAttribute("aria-busy", on ? "true" : "false");
  }

  // ---- hint from the kernel (a tag of a clearly wrong kind), never the key ----------------------------------
  function drawHint() {
    const text = model.get("hint") || "";
    hint.textContent = text;
    hint.hidden = !text;
  }

  // ---- menu layout: a search box, "most used" first, then one group per family ---------------------------
  function buildMenu(labelButtons, extras, titleText, ariaLabel) {
    const labels = model.get("labels");
    const grouped = labels.some((l) => l.group);
    const list = el("div", { class: "mlkit-hl-menu-list", role: "menu", "aria-label": ariaLabel });
    let search = null;
    if (grouped) {
      const common = labels.map((l, i) => [l, i]).filter(([l]) => l.common !== undefined && l.common !== null)
        .sort((x, y) => x[0].common - y[0].common);
      const commonIds = new Set(common.map(([l]) => l.id));
      const groups = new Map();
      if (common.length) groups.set("Most used", common.map(([, i]) => labelButtons[i]));
      labels.forEach((l, i) => {
        if (commonIds.has(l.id)) return;
        const name = l.group || "Other";
        if (!groups.has(name)) groups.set(name, []);
        groups.get(name).push(labelButtons[i]);
      });
      for (const [name, items] of groups) {
        const id = `mlkit-g-${Math.random().toString(36).slice(2, 8)}`;
        list.append(el("div", { class: "mlkit-hl-menu-groupbox", role: "group", "aria-labelledby": id },
          el("div", { class: "mlkit-hl-menu-group", id, text: name }), ...items));
      }
      search = el("input", { class: "mlkit-hl-search", type: "search", placeholder: "Type to find a device…",
        "aria-label": "Find a device by name", autocomplete: "off", oninput: () => filterMenu(list, search.value) });
    } else {
      list.append(...labelButtons);
    }
    const tail = el("div", { class: "mlkit-hl-menu-tail", role: "group", "aria-label": "More" }, ...extras);
    list.append(tail);
    const box = el("div", { class: "mlkit-hl-menu" },
      el("div", { class: "mlkit-hl-menu-title", text: titleText }), search, list);
    return { box, search, list };
  }
  function filterMenu(list, text) {
    const words = text.toLowerCase().trim();
    for (const button of list.querySelectorAll("button[data-label]")) {
      button.hidden = Boolean(words) && !button.textContent.toLowerCase().includes(words);
    }
    for (const group of list.querySelectorAll(".mlkit-hl-menu-groupbox")) {
      group.hidden = ![...group.querySelectorAll("button[data-label]")].some((b) => !b.hidden);
    }
  }
  function onSearchKey(e, items) {
    const visible = items.filter((b) => b.dataset.label);
    if (e.key === "Escape") { closeMenu(); return true; }
    if (e.key === "ArrowDown") { (visible[0] || items[0]).focus(); return true; }
    if (e.key === "Enter") { if (visible[0]) visible[0].click(); return true; }
    return false; // typing goes into the box
  }
  function placeMenu(box, anchorRect, rootRect) {
    box.style.top = `${Math.max(0, anchorRect.bottom - rootRect.top + 6)}px`;
    box.style.left = `${Math.max(0, Math.min(anchorRect.left - rootRect.left, rootRect.width - 320))}px`;
  }
  function fitMenu(box, list) {
    // keep the whole menu inside the window: list scrolls in at most the space below the anchor (or above)
    const rect = box.getBoundingClientRect();
    const room = window.innerHeight - rect.top - 12;
    const head = rect.height - list.getBoundingClientRect().height;
    if (room < 220) {
      box.style.top = `${Math.max(0, parseFloat(box.style.top) - rect.height - 40)}px`;
    }
    list.style.maxHeight = `${Math.max(160, Math.min(room < 220 ? 400 : room, 420) - head)}px`;
  }

  // ---- selecting without dragging (WCAG 2.5.7): click the first word, then the last ----------------------
  function wordAt(event) {
    const body = event.target.closest && event.target.closest(".mlkit-hl-text");
    if (!body || !article.contains(body)) return null;
    const caret = document.caretRangeFromPoint ? document.caretRangeFromPoint(event.clientX, event.clientY) : null;
    if (!caret) return null;
    const offset = offsetIn(body, caret.startContainer, caret.startOffset);
    if (offset === null) return null;
    const number = Number(body.dataset.paragraph);
    const text = model.get("paragraphs").find((p) => p.number === number).text;
    let start = offset, end = offset;
    if (!WORD.test(text[start] || "") && WORD.test(text[start - 1] || "")) start = end = offset - 1;
    if (!WORD.test(text[start] || "")) return null;
    while (start > 0 && WORD.test(text[start - 1])) start--;
    while (end < text.length && WORD.test(text[end])) end++;
    return { number, start, end };
  }
  function onPlainClick(event) {
    const word = wordAt(event);
    if (!word) { clearClickStart(); return; }
    if (!clickStart || clickStart.number !== word.number) {
      clickStart = word;
      drawClickStart();
      const text = model.get("paragraphs").find((p) => p.number === word.number).text;
      announce(`Starts at “${text.slice(word.start, word.end)}”. Now click the last word to tag, or press Esc.`);
      return;
    }
    const start = Math.min(clickStart.start, word.start), end = Math.max(clickStart.end, word.end);
    const para = model.get("paragraphs").find((p) => p.number === word.number);
    const anchor = article.querySelector(".mlkit-hl-start") || event.target;
    clearClickStart();
    openMenu({ number: word.number, start, end, text: para.text.slice(start, end) }, anchor.getBoundingClientRect());
  }
  function drawClickStart() {
    for (const old of article.querySelectorAll(".mlkit-hl-start")) old.replaceWith(...old.childNodes);
    if (!clickStart) return;
    const body = article.querySelector(`.mlkit-hl-text[data-paragraph="${clickStart.number}"]`);
    for (const seg of body ? body.querySelectorAll(".mlkit-hl-seg") : []) {
      const a = Number(seg.dataset.start), b = Number(seg.dataset.end);
      if (a <= clickStart.start && clickStart.end <= b && seg.firstChild) {
        const range = document.createRange();
        range.setStart(seg.firstChild, clickStart.start - a);
        range.setEnd(seg.firstChild, clickStart.end - a);
        range.surroundContents(el("span", { class: "mlkit-hl-start", title: "First word: click the last word" }));
        break;
      }
    }
  }
  function clearClickStart() {
    if (clickStart) { clickStart = null; drawClickStart(); }
  }

  return () => {
    releaseGuard();
    unsaved.dispose();
    model.off("change:spans", unsaved.mark);
    document.removeEventListener("mousedown", onDocumentMouseDown, true);
    window.removeEventListener("keydown", onWindowKey, true);
    window.removeEventListener("mouseup", onMouseUpAnywhere, true);
    model.off("change:spans", redraw);
  };
}

// ---- durability: unconfirmed edits survive a kernel restart or death ------------------------------------
// Each change is sent as the new spans plus the edits that made them ({put: span} / {del: id}). The edits
// are kept in the browser (pending.js: browser storage under the kernel-given storage_key)
// until the kernel sets "confirmed" to their seq, which it does once the answers are on disk. A widget
// that renders (a re-run after a restart, another tab) re-sends edits still unconfirmed; applying an edit
// twice changes nothing. Until confirmed, the tags show as not yet saved (dashed, and said in words).
function keepUntilConfirmed(model, status, article) {
  const { load, keep, nextSeq } = pendingStore("mlkit-unsaved:", model);
  const note = document.createElement("div");
  note.className = "mlkit-hl-unsaved";
  note.setAttribute("role", "status");
  note.setAttribute("aria-live", "polite");
  status.after(note);

  function diff(before, after) {
    const old = new Map(before.map((s) => [s.id, JSON.stringify([s.labels, s.target])]));
    const edits = [];
    for (const s of after) if (old.get(s.id) !== JSON.stringify([s.labels, s.target])) edits.push({ put: s });
    const now = new Set(after.map((s) => s.id));
    for (const id of old.keys()) if (!now.has(id)) edits.push({ del: id });
    return edits;
  }

  let settingOwn = false;
  function setOwn(spans) {
    settingOwn = true;
    try { model.set("spans", spans); } finally { settingOwn = false; }
  }

  function push(spans, edits) {
    const seq = nextSeq();
    const all = [...load(), ...edits.map((e) => ({ ...e, seq }))];
    keep(all);
    // the edit first: the kernel saves it before it even looks at the (longer) span list sent with it
    model.set("edit", { seq, ops: all.map(({ put, del }) => (put ? { put } : { del })) });
    setOwn(spans);
    model.save_changes();
    mark();
  }

  function send(spans) {
    push(spans, diff(model.get("spans"), spans));
  }

  // The spans with this browser's unconfirmed edits applied on top (in order; applying one twice changes nothing).
  function withPending(spans, edits) {
    const byId = new Map(spans.map((s) => [s.id, s]));
    for (const e of edits) {
      if (e.put) byId.set(e.put.id, e.put);
      else if (e.del) byId.delete(e.del);
    }
    return [...byId.values()];
  }

  function resend() {
    const edits = load();
    if (!edits.length) return;
    push(withPending(model.get("spans"), edits), []);
  }

  // The kernel answers each edit with the record's spans, but an answer can arrive after the student made a
  // newer change (a tag, then Ctrl+Z before the answer came back). Drawn as it came, it would bring back what the
  // student just undid, and the next change would be worked out from it. So whatever the kernel sends is shown
  // with the edits it has not confirmed yet applied on top: the view is always the student's latest intent.
  // The kernel confirms an edit before it sends the spans that follow from it, so an edit it refused (a span
  // that does not fit the article) has left the overlay by then and is not drawn again.
  function overlay() {
    if (settingOwn) return;
    const edits = load();
    if (!edits.length) return;
    const spans = model.get("spans");
    const next = withPending(spans, edits);
    if (JSON.stringify(next) !== JSON.stringify(spans)) setOwn(next);
  }

  function confirmed() {
    const upTo = model.get("confirmed") || 0;
    keep(load().filter((e) => e.seq > upTo));
    mark();
  }

  function mark() {
    const edits = load();
    const ids = new Set(edits.map((e) => (e.put ? e.put.id : e.del)));
    for (const seg of article.querySelectorAll("mark.mlkit-hl-seg")) {
      const pending = (seg.dataset.spans || "").split(" ").some((id) => ids.has(id));
      seg.classList.toggle("mlkit-hl-pending", pending);
    }
    note.textContent = edits.length
      ? `${edits.length} change${edits.length === 1 ? "" : "s"} not yet saved: waiting for the kernel. ` +
        "They are kept in this browser and sent again when the kernel is back (run the cell again after a restart)."
      : "";
  }

  model.on("change:confirmed", confirmed);
  model.on("change:spans", overlay); // registered before the view's own handlers, so they draw the overlaid list
  return {
    send, resend, mark,
    dispose: () => { model.off("change:confirmed", confirmed); model.off("change:spans", overlay); },
  };
}

export default { render };
