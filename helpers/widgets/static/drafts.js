// Drafts: an ipywidgets form's unconfirmed answers survive a kernel restart or death.
//
// This hidden widget sits inside a form. It finds the models of the form's answer controls (trait
// "controls": name -> [widget reference, trait]) and, whenever the student changes one of them (a change
// made in this browser, not one the kernel sent), keeps a snapshot of every answer control — within the
// choice of the "scope" control, e.g. the claim being checked — in browser storage under "storage_key".
// The snapshots are sent to the kernel (trait "edit") and forgotten when the kernel sets "confirmed" to
// their seq, which it does once the answers are on disk. When the form renders again (a re-run after a
// restart, another tab), snapshots still unconfirmed are sent again; applying one twice changes nothing.
// Until confirmed, the form says its changes are not yet saved.

const SHOW_AFTER_MS = 800; // a change confirmed quicker than this is never announced as unsaved

function modelId(ref) {
  return typeof ref === "string" && ref.startsWith("IPY_MODEL_") ? ref.slice("IPY_MODEL_".length) : ref;
}

// A change the kernel sent arrives through WidgetModel.set_state, which holds _state_lock meanwhile.
const fromKernel = (widgetModel) => widgetModel._state_lock !== null && widgetModel._state_lock !== undefined;

function render({ model, el }) {
  el.classList.add("mlkit-drafts");
  const note = document.createElement("div");
  note.className = "mlkit-draft-unsaved";
  note.setAttribute("role", "status");
  note.setAttribute("aria-live", "polite");
  el.append(note);

  const { load, keep, nextSeq } = pendingStore("mlkit-drafts:", model);
  let stopped = false;
  let noteTimer = null;
  const watched = []; // [widget model, event name, handler]

  function send(live) {
    const ops = load();
    if (!ops.length) return;
    model.set("edit", { live, ops });
    model.save_changes();
  }

  function mark() {
    const ops = load();
    clearTimeout(noteTimer);
    if (!ops.length) { note.textContent = ""; return; }
    noteTimer = setTimeout(() => {
      const waiting = load().length;
      note.textContent = waiting
        ? "Your latest changes are not yet saved: waiting for the kernel. They are kept in this browser and " +
          "sent again when the kernel is back (run the cell again after a restart)."
        : "";
    }, SHOW_AFTER_MS);
  }

  function confirmed() {
    const upTo = model.get("confirmed") || 0;
    keep(load().filter((op) => op.seq > upTo));
    mark();
  }

  async function watch() {
    const manager = model.widget_manager;
    const controls = model.get("controls") || {};
    const models = {};
    for (const [name, [ref, trait]] of Object.entries(controls)) {
      try {
        models[name] = [await manager.get_model(modelId(ref)), trait];
      } catch (error) {
        console.warn("mlkit: an answer control of this form was not found", name, error);
      }
    }
    if (stopped) return;
    const scopeName = model.get("scope");
    const snapshot = () => {
      const values = {};
      for (const [name, [m, trait]] of Object.entries(models)) if (name !== scopeName) values[name] = m.get(trait);
      let scope = "";
      if (scopeName && models[scopeName]) {
        const [m, trait] = models[scopeName];
        const at = m.get(trait);
        scope = (model.get("scopes") || [])[at] ?? "";
        if (!scope) return null; // nothing chosen: nothing to keep
      }
      return { scope, values };
    };
    let queued = false;
    const changed = () => {
      // after the control's own view has sent its change (it does so just after setting the model), so the
      // kernel hears the control first and this snapshot changes nothing there when it is alive
      if (queued) return;
      queued = true;
      setTimeout(() => {
        queued = false;
        // A form being taken off the page (a re-run replaces it) can still report a change — a text box that
        // loses the focus says "changed" — but what it holds then is old: keeping it would outrank newer work.
        if (stopped || !el.isConnected) return;
        const taken = snapshot();
        if (!taken) return;
        const ops = load().filter((op) => op.scope !== taken.scope);
        keep([...ops, { seq: nextSeq(), ...taken }]);
        send(true);
        mark();
      }, 0);
    };
    for (const [name, [m, trait]] of Object.entries(models)) {
      if (name === scopeName) continue;
      const handler = () => { if (!fromKernel(m) && !m._closed) changed(); };
      m.on("change:" + trait, handler);
      watched.push([m, "change:" + trait, handler]);
    }
  }

  model.on("change:confirmed", confirmed);
  watch().then(() => { if (!stopped) { send(false); mark(); } });
  return () => {
    stopped = true;
    clearTimeout(noteTimer);
    model.off("change:confirmed", confirmed);
    for (const [m, event, handler] of watched) m.off(event, handler);
  };
}

export default { render };
