// The kit's one keyboard guard, shared by every widget (the highlighter, and the ipywidgets forms through the
// KeyGuard widget). In command mode JupyterLab and Notebook 7 take ↑/↓, j/k, m, d d… as notebook shortcuts even
// when a control in a cell's output has the focus. Lumino skips shortcut matching for targets inside an element
// with `data-lm-suppress-shortcuts`, so the guard marks the controls that need those keys (or the widget's root);
// Ctrl/⌘ shortcuts such as Ctrl+S (save) still reach the notebook from anywhere, because the mark is lifted
// while such a key is handled. Optional one-letter keys (`shortcuts()`: letter -> CSS selector) click an
// element of the guarded root when pressed outside a text box.
// Python prepends this file to each widget's module (anywidget loads one module per widget, with no bundler).
const GUARD_ATTRIBUTE = "data-lm-suppress-shortcuts";

function guardShortcuts(root, { controls = "", shortcuts = () => ({}) } = {}) {
  const mark = () => {
    const nodes = controls ? root.querySelectorAll(controls) : [root];
    for (const node of nodes) {
      if (!node.hasAttribute(GUARD_ATTRIBUTE)) node.setAttribute(GUARD_ATTRIBUTE, "true");
    }
  };
  const onKey = (event) => {
    const target = event.target;
    const typing = target.isContentEditable || target.tagName === "TEXTAREA" ||
      (target.tagName === "INPUT" && !["checkbox", "radio", "button"].includes(target.type));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const selector = (shortcuts() || {})[event.key.toLowerCase()];
    const button = selector && root.querySelector(selector);
    if (!button || button.disabled) return;
    event.preventDefault();
    event.stopPropagation();
    button.click();
  };
  // In the capture phase on window, before JupyterLab or Notebook 7 sees a Ctrl/⌘ key, lift the mark from the
  // focused element's guarded ancestors, and put it back once the event has been handled.
  const onModifier = (event) => {
    if (!(event.ctrlKey || event.metaKey) || !root.contains(event.target)) return;
    const lifted = [];
    for (let node = event.target; node && node !== document; node = node.parentElement) {
      if (node.hasAttribute && node.hasAttribute(GUARD_ATTRIBUTE)) { node.removeAttribute(GUARD_ATTRIBUTE); lifted.push(node); }
    }
    if (lifted.length) setTimeout(() => lifted.forEach((node) => node.setAttribute(GUARD_ATTRIBUTE, "true")), 0);
  };
  mark();
  const observer = controls ? new MutationObserver(mark) : null;
  if (observer) observer.observe(root, { childList: true, subtree: true });
  root.addEventListener("keydown", onKey);
  window.addEventListener("keydown", onModifier, true);
  return () => {
    window.removeEventListener("keydown", onModifier, true);
    root.removeEventListener("keydown", onKey);
    if (observer) observer.disconnect();
  };
}
