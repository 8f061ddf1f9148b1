/* The review queue's keyboard: j/k move to the next or previous candidate and open it (so the highlighted row
   is always the report the actions apply to), Enter opens, a accepts, m merges, e edits, r rejects. Opening
   a row takes its review lock; moving on gives back the lock of the row left. An action key whose report is
   not (yet) the highlighted one does nothing but say so. Keys are ignored while typing in a field. */
(function () {
  "use strict";
  const rows = Array.from(document.querySelectorAll("tr.candidate"));
  const detail = document.getElementById("detail");
  let current = rows.findIndex((r) => r.classList.contains("selected"));
  let held = null;  // the id of the open report whose lock this page holds (its panel offers the actions)

  function csrf() {
    const field = document.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  function release(id) {
    /* give back a lock; resolves when the server has answered (one write at a time: SQLite) */
    const body = new URLSearchParams({ csrf_token: csrf() });
    return fetch(`/review/${id}/release`, { method: "POST", body: body, redirect: "manual",
                                            credentials: "same-origin" })
      .catch(() => {});  // the lock runs out by itself in 10 minutes anyway
  }

  function select(i, open) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    const row = rows[current];
    rows.forEach((r, n) => {
      r.classList.toggle("selected", n === current);
      r.setAttribute("aria-selected", n === current ? "true" : "false");
    });
    row.focus();
    if (open && row.dataset.id !== shown()) {
      const left = held;
      held = null;
      if (left !== null && left !== row.dataset.id) release(left).then(() => htmx.trigger(row, "open"));
      else htmx.trigger(row, "open");
    }
  }

  function shown() {
    const article = detail.querySelector(".review-detail");
    return article ? article.dataset.report : null;
  }

  function agrees() {
    /* the action keys act on the open report only when it is the highlighted one */
    const row = rows[current];
    return Boolean(row) && shown() === row.dataset.id;
  }

  detail.addEventListener("htmx:afterSwap", () => {
    held = detail.querySelector("#accept") ? shown() : null;
  });

  rows.forEach((row, i) => {
    row.addEventListener("click", () => select(i, true));
  });
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
    switch (e.key) {
      case "j": select(current + 1, true); break;
      case "k": select(current - 1, true); break;
      case "Enter": if (t && t.classList && t.classList.contains("candidate")) select(rows.indexOf(t), true); else return; break;
      case "a": { const b = detail.querySelector("#accept"); if (b && agrees()) b.click(); else return; break; }
      case "m": { const s = detail.querySelector("#merge"); if (s && agrees()) s.focus(); else return; break; }
      case "e": { const l = detail.querySelector("#edit"); if (l && agrees()) l.click(); else return; break; }
      case "r": { const i = detail.querySelector("#reject-reason"); if (i && agrees()) i.focus(); else return; break; }
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
