// Record copy: keeps the answer record inside the notebook current in EVERY open view of it.
//
// Why: a kernel's display update reaches only the page that ran the cell; a reopened notebook or a
// second tab never receives it, so Ctrl+S there saved stale answers. A widget's model, though, syncs to
// every view that renders it. This widget's model carries the record (trait "record"); each view writes
// it into its own notebook document's output under the kit's MIME type, so whichever view saves, the
// saved .ipynb holds the current answers. It also tells the kernel when this view saved the notebook,
// so the save status is re-checked at once instead of by frequent polling.

const MIME = "application/vnd.mlkit.answers+json";

function documentContext(model) {
  // anywidget exposes the ipywidgets manager; JupyterLab's and Notebook 7's manager knows its document.
  const manager = model.widget_manager;
  return (manager && (manager.context || manager._context)) || null;
}

function outputData(output) {
  if (!output) return null;
  if (output.data) return output.data;
  return output.toJSON ? output.toJSON().data : null;
}

// Replace every output of this record's activity in the view's notebook with the current record.
// Returns how many copies were found (0: the outputs were cleared, or the cell was never run here).
function writeCopies(model) {
  const record = model.get("record");
  const context = documentContext(model);
  if (!record || !record.activity || !context || !context.model) return -1;
  const bundle = { "text/plain": model.get("summary"), [MIME]: record };
  const wanted = JSON.stringify(record);
  const cells = context.model.cells;
  let found = 0;
  for (let c = 0; c < cells.length; c++) {
    const cell = cells.get(c);
    if (!cell || cell.type !== "code" || !cell.outputs) continue;
    const outputs = cell.outputs;
    for (let i = 0; i < outputs.length; i++) {
      const data = outputData(outputs.get(i));
      const copy = data && data[MIME];
      if (!copy || copy.activity !== record.activity || copy.case !== record.case) continue;
      found += 1;
      if (JSON.stringify(copy) !== wanted) {
        outputs.set(i, { output_type: "display_data", data: bundle, metadata: {} });
      }
    }
  }
  return found;
}

function render({ model, el }) {
  el.classList.add("mlkit-record-copy");
  el.setAttribute("aria-hidden", "true");
  const sync = () => {
    try {
      const found = writeCopies(model);
      if (found !== model.get("copies_in_view")) {
        model.set("copies_in_view", found);
        model.save_changes();
      }
    } catch (error) {
      console.warn("mlkit: could not update the notebook's copy of the answers", error);
    }
  };
  const context = documentContext(model);
  const onSave = (_, state) => {
    if (state === "completed") {
      model.set("saved_seen", Date.now());
      model.save_changes();
    }
  };
  if (context && context.saveState) context.saveState.connect(onSave);
  model.on("change:record", sync);
  sync();
  return () => {
    model.off("change:record", sync);
    if (context && context.saveState) context.saveState.disconnect(onSave);
  };
}

export default { render };
