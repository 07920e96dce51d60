// Keep JupyterLab's command-mode shortcuts (↑/↓ move between cells, "m" makes a cell Markdown…) away from
// the native controls of an ipywidgets form, so a student can work them with the keyboard. Only the
// controls that need those keys are marked (list boxes, dropdowns, checkboxes, slider handles, buttons):
// in the form's text boxes Ctrl+S still saves the notebook. Lumino skips shortcut matching for targets with
// this attribute. Optional one-letter keys (`shortcuts`: letter -> CSS selector) click an element of the form.
const ATTRIBUTE = "data-lm-suppress-shortcuts";

function render({ model, el }) {
  el.style.display = "none";
  let observer = null;
  let root = null;
  let tries = 0;
  const mark = () => {
    for (const node of root.querySelectorAll(model.get("controls"))) {
      if (!node.hasAttribute(ATTRIBUTE)) node.setAttribute(ATTRIBUTE, "true");
    }
  };
  const onKey = (event) => {
    const target = event.target;
    const typing = target.isContentEditable || target.tagName === "TEXTAREA" ||
      (target.tagName === "INPUT" && !["checkbox", "radio", "button"].includes(target.type));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const selector = model.get("shortcuts")[event.key.toLowerCase()];
    const button = selector && root.querySelector(selector);
    if (!button || button.disabled) return;
    event.preventDefault();
    event.stopPropagation();
    button.click();
  };
  const attach = () => {
    root = el.closest(model.get("root"));
    if (!root) {
      if (tries++ < 200) requestAnimationFrame(attach);
      return;
    }
    mark();
    observer = new MutationObserver(mark);
    observer.observe(root, { childList: true, subtree: true });
    root.addEventListener("keydown", onKey);
  };
  attach();
  return () => {
    if (observer) observer.disconnect();
    if (root) root.removeEventListener("keydown", onKey);
  };
}

export default { render };
