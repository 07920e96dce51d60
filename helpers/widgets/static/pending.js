// The kit's one browser-side store of changes the kernel has not yet confirmed on disk, shared by the
// highlighter, the quick check and the drafts of the ipywidgets forms. Each keeps its list in localStorage
// under `prefix` + the kernel-given storage_key (the notebook and activity), so a change survives a kernel
// restart or death and a reload of the page; where browser storage is unavailable (private mode, a full
// quota) an in-memory copy still holds it for the life of the page. Sequence numbers are microseconds since
// the epoch and strictly increasing, so a new page's changes sort after an old page's.
// Python prepends this file (after keyguard.js) to each widget's module (one module per widget, no bundler).
function pendingStore(prefix, model) {
  let memory = [];
  let last = 0;
  const key = () => (model.get("storage_key") ? prefix + model.get("storage_key") : null);
  function load() {
    try {
      const k = key();
      return k ? JSON.parse(window.localStorage.getItem(k) || "[]") : memory;
    } catch (error) {
      return memory;
    }
  }
  function keep(list) {
    memory = list;
    try {
      const k = key();
      if (!k) return;
      if (list.length) window.localStorage.setItem(k, JSON.stringify(list));
      else window.localStorage.removeItem(k);
    } catch (error) { /* private mode or full storage: the in-memory copy still holds them */ }
  }
  const nextSeq = () => (last = Math.max(last + 1, Date.now() * 1000));
  return { load, keep, nextSeq };
}
