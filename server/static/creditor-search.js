// Suggestions for creditor names: every <input data-creditor-search> gets a <datalist> filled
// from /creditors/search's JSON twin, /creditors/suggest. Progressive enhancement only: without
// this file the field is a plain text box and the server matches what was typed.
(() => {
  "use strict";
  const WAIT_MS = 250;
  const MIN_LENGTH = 2;
  const MAX_LENGTH = 100;
  let counter = 0;

  function enhance(input) {
    if (input.hasAttribute("list")) return; // already enhanced (the script was included twice)
    const list = document.createElement("datalist");
    counter += 1;
    list.id = "creditor-suggestions-" + counter;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");

    let timer = null;
    let pending = null;
    let shown = "";

    async function refresh() {
      const text = input.value.trim().slice(0, MAX_LENGTH);
      if (text === shown) return;
      if (pending) pending.abort();
      if (text.length < MIN_LENGTH) {
        shown = text;
        list.replaceChildren();
        return;
      }
      pending = new AbortController();
      try {
        const response = await fetch("/creditors/suggest?q=" + encodeURIComponent(text), {
          headers: { accept: "application/json" },
          credentials: "same-origin",
          signal: pending.signal,
        });
        if (!response.ok) return;
        const body = await response.json();
        shown = text;
        list.replaceChildren(...body.results.map((creditor) => {
          const option = document.createElement("option");
          option.value = creditor.name;
          return option;
        }));
      } catch (error) {
        // aborted by newer typing, or offline: the plain form still works
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, WAIT_MS);
    });
  }

  function start() {
    document.querySelectorAll("input[data-creditor-search]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
