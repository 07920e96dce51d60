// Quick check (notebooks 00 and 05): each statement gets two radio groups, "sound or flawed?" and "how sure?".
// Native radio inputs inside fieldsets with legends: Tab moves between groups, the arrow keys choose within one,
// and screen readers announce the statement, the question and the choice. The kernel validates and saves;
// the model's "answers" is what it saved. Statements only: the answers to the check never reach the browser.

function node(tag, attrs = {}, ...children) {
  const made = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") made.className = v;
    else if (k === "text") made.textContent = v;
    else if (v !== false && v !== null && v !== undefined) made.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children) if (child) made.append(child);
  return made;
}

const ARROWS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
const VERDICTS = [
  { value: "sound", label: "Sound" },
  { value: "flawed", label: "Flawed" },
];

function render({ model, el: root }) {
  root.classList.add("mlkit-pp");
  const releaseGuard = guardShortcuts(root); // keyguard.js: arrow keys stay in the radio groups, Ctrl+S saves
  const prefix = "mlkit-pp-" + Math.random().toString(36).slice(2, 8);
  const intro = node("p", { class: "mlkit-pp-intro", text: model.get("intro") });
  const status = node("div", { class: "mlkit-pp-status", role: "status", "aria-live": "polite" });
  const list = node("ol", { class: "mlkit-pp-list" });
  const rows = new Map(); // statement id -> {item, inputs: {verdict: [...], confidence: [...]}}

  for (const statement of model.get("statements")) {
    const textId = `${prefix}-${statement.id}`;
    const item = node("li", { class: "mlkit-pp-item" });
    const card = node("div", { role: "group", "aria-labelledby": textId }); // the statement names its two questions
    const text = node("p", { class: "mlkit-pp-statement", id: textId },
      node("span", { class: "mlkit-visually-hidden", text: `Statement ${statement.number}: ` }), statement.text);
    const inputs = { verdict: [], confidence: [] };
    const group = (field, legend, options) => {
      const set = node("fieldset", { class: `mlkit-pp-group mlkit-pp-${field}` }, node("legend", { text: legend }));
      for (const option of options) {
        const input = node("input", { type: "radio", name: `${textId}-${field}`, value: String(option.value) });
        input.addEventListener("change", () => choose(statement.id, field, option.value));
        inputs[field].push(input);
        set.append(node("label", { class: "mlkit-pp-choice" }, input, node("span", { text: option.label })));
      }
      return set;
    };
    card.append(text,
      node("div", { class: "mlkit-pp-groups" },
        group("verdict", "Sound or flawed?", VERDICTS),
        group("confidence", "How sure are you?", model.get("levels"))));
    item.append(card);
    rows.set(statement.id, { item, inputs });
    list.append(item);
  }
  root.append(intro, list, status);
  const unsaved = keepUntilConfirmed(model, status);
  // On the window, in the capture phase, as the highlighter does: Notebook 7 has a document-level capture
  // listener that takes the arrow keys (it moved the focus to the next cell), so a listener on the widget never
  // heard them there; the window's capture phase comes before the document's.
  window.addEventListener("keydown", onArrow, true);

  // What a statement shows: the kernel's saved rating, overlaid with this browser's unconfirmed edits.
  function current() {
    const shown = new Map(model.get("answers").map((a) => [a.id, { ...a }]));
    for (const edit of unsaved.load()) if (edit.put) shown.set(edit.put.id, edit.put);
    return shown;
  }

  function choose(id, field, value) {
    const before = current().get(id) || { id, verdict: "", confidence: null };
    unsaved.send({ ...before, id, [field]: value });
    draw();
  }

  function draw() {
    const shown = current();
    const pending = new Set(unsaved.load().map((e) => e.put && e.put.id));
    for (const [id, row] of rows) {
      const rating = shown.get(id) || {};
      for (const input of row.inputs.verdict) input.checked = input.value === rating.verdict;
      for (const input of row.inputs.confidence) {
        input.checked = rating.confidence !== null && rating.confidence !== undefined &&
          Number(input.value) === Number(rating.confidence);
      }
      row.item.classList.toggle("mlkit-pp-pending", pending.has(id));
      row.item.classList.toggle("mlkit-pp-done", Boolean(rating.verdict) && rating.confidence != null);
    }
    status.textContent = model.get("status");
    status.dataset.level = model.get("status_level");
    unsaved.mark();
  }

  // The arrow keys choose within a group, as in any radio group; handled here because JupyterLab's notebook
  // otherwise takes an arrow key pressed in a cell's output and moves to the next cell.
  function onArrow(event) {
    const input = event.target;
    if (!root.isConnected || !root.contains(input)) return;
    const step = ARROWS[event.key];
    if (!step || input.type !== "radio" || event.ctrlKey || event.metaKey || event.altKey) return;
    const group = [...root.querySelectorAll("input[type=radio]")].filter((r) => r.name === input.name);
    const next = group[(group.indexOf(input) + step + group.length) % group.length];
    event.preventDefault();
    event.stopPropagation();
    event.stopImmediatePropagation();
    next.focus();
    if (!next.checked) next.click(); // checks it and fires "change", as the browser's own arrow key does
  }

  const onChange = () => draw();
  model.on("change:answers", onChange);
  model.on("change:status", onChange);
  model.on("change:confirmed", onChange);
  draw();
  unsaved.resend();

  return () => {
    window.removeEventListener("keydown", onArrow, true);
    releaseGuard();
    unsaved.dispose();
    model.off("change:answers", onChange);
    model.off("change:status", onChange);
    model.off("change:confirmed", onChange);
  };
}

// ---- durability: unconfirmed ratings survive a kernel restart or death (as in the highlighter) ------------
// Each choice is sent as an edit ({put: rating}) and kept in the browser (pending.js, under the kernel-given
// storage_key: the notebook and activity) until the kernel sets "confirmed" to its seq, once it is on disk. A
// widget that renders (a re-run after a restart, another tab) re-sends edits still unconfirmed; applying one
// twice changes nothing. Until confirmed, the statement is marked and the widget says so in words.
function keepUntilConfirmed(model, status) {
  const { load, keep, nextSeq } = pendingStore("mlkit-unsaved:", model);
  const note = node("div", { class: "mlkit-pp-unsaved", role: "status", "aria-live": "polite" });
  status.after(note);

  function push(edits) {
    const seq = nextSeq();
    // one edit per statement is enough: a later choice replaces an earlier unconfirmed one
    const newer = new Set(edits.map((e) => e.put.id));
    const all = [...load().filter((e) => !newer.has(e.put && e.put.id)), ...edits.map((e) => ({ ...e, seq }))];
    keep(all);
    model.set("edit", { seq, ops: all.map(({ put }) => ({ put })) });
    model.save_changes();
  }

  function confirmed() {
    const upTo = model.get("confirmed") || 0;
    keep(load().filter((e) => e.seq > upTo));
  }

  function mark() {
    const count = load().length;
    note.textContent = count
      ? `${count} choice${count === 1 ? "" : "s"} not yet saved: waiting for the kernel. ` +
        "They are kept in this browser and sent again when the kernel is back (run the cell again after a restart)."
      : "";
  }

  model.on("change:confirmed", confirmed);
  return {
    load, mark,
    send: (rating) => push([{ put: rating }]),
    resend: () => { if (load().length) push([]); },
    dispose: () => model.off("change:confirmed", confirmed),
  };
}

export default { render };
