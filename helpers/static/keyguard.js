// Keep JupyterLab's command-mode shortcuts (↑/↓ move between cells, Space scrolls…) away from the native
// controls of an ipywidgets form, so a student can work them with the keyboard. Only the controls that
// need those keys are marked (list boxes, dropdowns, checkboxes, slider handles): elsewhere in the form,
// Ctrl+S still saves the notebook. Lumino skips shortcut matching for targets with this attribute.
const ATTRIBUTE = "data-lm-suppress-shortcuts";

function render({ model, el }) {
  el.style.display = "none";
  let observer = null;
  let tries = 0;
  const mark = (root) => {
    for (const node of root.querySelectorAll(model.get("controls"))) {
      if (!node.hasAttribute(ATTRIBUTE)) node.setAttribute(ATTRIBUTE, "true");
    }
  };
  const attach = () => {
    const root = el.closest(model.get("root"));
    if (!root) {
      if (tries++ < 200) requestAnimationFrame(attach);
      return;
    }
    mark(root);
    observer = new MutationObserver(() => mark(root));
    observer.observe(root, { childList: true, subtree: true });
  };
  attach();
  return () => observer && observer.disconnect();
}

export default { render };
