/* The review queue's keyboard: j/k move, Enter opens (and takes the review lock), a accepts, m merges,
   e edits, r rejects. Keys are ignored while typing in a field. */
(function () {
  "use strict";
  const rows = Array.from(document.querySelectorAll("tr.candidate"));
  let current = rows.findIndex((r) => r.classList.contains("selected"));

  function select(i, open) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, n) => r.classList.toggle("selected", n === current));
    rows[current].focus();
    if (open) htmx.trigger(rows[current], "open");
  }
  rows.forEach((row, i) => {
    row.addEventListener("click", () => select(i, true));
  });
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
    const detail = document.getElementById("detail");
    switch (e.key) {
      case "j": select(current + 1, false); break;
      case "k": select(current - 1, false); break;
      case "Enter": if (t && t.classList && t.classList.contains("candidate")) select(rows.indexOf(t), true); else return; break;
      case "a": { const b = detail.querySelector("#accept"); if (b) b.click(); else return; break; }
      case "m": { const s = detail.querySelector("#merge"); if (s) s.focus(); else return; break; }
      case "e": { const l = detail.querySelector("#edit"); if (l) l.click(); else return; break; }
      case "r": { const i = detail.querySelector("#reject-reason"); if (i) i.focus(); else return; break; }
      default: return;
    }
    e.preventDefault();
  });
  // after htmx has processed the page (its own DOMContentLoaded handler was registered first)
  document.addEventListener("DOMContentLoaded", () => {
    if (current >= 0) select(current, true);
    else if (rows.length) select(0, false);
  });
})();
