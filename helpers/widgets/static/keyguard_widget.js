// KeyGuard: a hidden widget placed inside an ipywidgets form; it finds the form (the closest element matching
// `root`) and guards its `controls` with the kit's one keyboard guard (keyguard.js, prepended by Python).

function render({ model, el }) {
  el.style.display = "none";
  let release = null;
  let observer = null;
  let stopped = false;
  let tries = 0;
  const attach = () => {
    if (stopped) return;
    const root = el.closest(model.get("root"));
    if (!root) {
      if (tries++ < 200) requestAnimationFrame(attach);
      return;
    }
    release = guardShortcuts(root, { controls: model.get("controls"), shortcuts: () => model.get("shortcuts") });
    nameControls(root);
    observer = new MutationObserver(() => nameControls(root));
    observer.observe(root, { childList: true, subtree: true });
  };
  attach();
  return () => {
    stopped = true;
    if (release) release();
    if (observer) observer.disconnect();
  };
}

// ipywidgets draws a description as a separate label that is not tied to its list box, text box or slider
// handle, so a screen reader (and axe) finds controls without a name. Give each unnamed control the text of
// its widget's description, or of the step heading above it.
function nameControls(root) {
  const controls = root.querySelectorAll("select, input:not([type=hidden]), textarea, .noUi-handle");
  for (const control of controls) {
    if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) continue;
    const label = control.id && root.querySelector(`label[for="${CSS.escape(control.id)}"]`);
    if (label && label.textContent.trim() && label.offsetParent !== null) continue;
    if (control.closest("label")) continue;
    const box = control.closest(".widget-inline-hbox, .widget-inline-vbox, .jupyter-widgets");
    let name = box && box.querySelector(":scope > .widget-label") ? box.querySelector(":scope > .widget-label").textContent.trim() : "";
    if (!name) name = control.getAttribute("placeholder") || control.getAttribute("title") || "";
    if (!name) {
      const box2 = control.closest(".widget-box, .jupyter-widgets");
      let node = box2;
      while (node && !name) {
        let prev = node.previousElementSibling;
        while (prev && !name) { const h = prev.querySelector ? (prev.matches("h4") ? prev : prev.querySelector("h4")) : null; if (h) name = h.textContent.trim(); prev = prev.previousElementSibling; }
        node = node.parentElement && node.parentElement !== root ? node.parentElement : null;
      }
    }
    if (control.classList.contains("noUi-handle")) {
      const handles = [...control.closest(".noUi-base, .noUi-target").querySelectorAll(".noUi-handle")];
      if (handles.length > 1) name = `${name || "Range"} (${handles.indexOf(control) === 0 ? "from" : "to"})`;
    }
    if (name) control.setAttribute("aria-label", name.replace(/:$/, ""));
  }
}

export default { render };
