// KeyGuard: a hidden widget placed inside an ipywidgets form; it finds the form (the closest element matching
// `root`) and guards its `controls` with the kit's one keyboard guard (keyguard.js, prepended by Python).

function render({ model, el }) {
  el.style.display = "none";
  let release = null;
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
  };
  attach();
  return () => {
    stopped = true;
    if (release) release();
  };
}

export default { render };
