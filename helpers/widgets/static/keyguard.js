// Keep JupyterLab's command-mode shortcuts (↑/↓ move between cells, "m" makes a cell Markdown…) away from
// the native controls of an ipywidgets form, so a student can work them with the keyboard. Only the
// controls that need those keys are marked (list boxes, dropdowns, checkboxes, slider handles, buttons);
// Ctrl/⌘ shortcuts such as Ctrl+S (save) still reach JupyterLab from anywhere in the form. Lumino skips shortcut matching for targets with
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
  // Ctrl/⌘ shortcuts (above all Ctrl+S, save) must keep working while a guarded control has the focus:
  // in the capture phase on window, before JupyterLab or Notebook 7 sees the key, lift the attribute from
  // the focused control's guarded ancestors, and put it back once the event has been handled.
  const onModifier = (event) => {
    if (!root || !(event.ctrlKey || event.metaKey) || !root.contains(event.target)) return;
    const lifted = [];
    for (let node = event.target; node && node !== document; node = node.parentElement) {
      if (node.hasAttribute && node.hasAttribute(ATTRIBUTE)) { node.removeAttribute(ATTRIBUTE); lifted.push(node); }
    }
    if (lifted.length) setTimeout(() => lifted.forEach((node) => node.setAttribute(ATTRIBUTE, "true")), 0);
  };
  window.addEventListener("keydown", onModifier, true);
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
    window.removeEventListener("keydown", onModifier, true);
    if (observer) observer.disconnect();
    if (root) root.removeEventListener("keydown", onKey);
  };
}

export default { render };
